/**
 * Subscriber notifications: low balance, a receipt for each charge, block and unblock. Each one is an
 * SMS outbox entry in the line's language, from the profile's `messages.yaml` templates.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Profile } from '../../profiles/profile.ts';
import { LANGUAGES, type Language } from '../../profiles/schema.ts';
import { moneyView } from '../money.ts';
import { enqueueSms } from './sms-outbox.repository.ts';

export type NotificationTemplate = 'lowBalance' | 'charge' | 'blocked' | 'unblocked';

export type NotifiedLine = { id: number; number: string; language: string };

/** The line's language when the profile speaks it, else the profile's default. */
export function lineLanguage(profile: Profile, language: string): Language {
  return (LANGUAGES as readonly string[]).includes(language) && profile.languages.includes(language as Language)
    ? (language as Language)
    : profile.defaultLanguage;
}

/** Fills `{name}` placeholders; unknown placeholders stay as they are. */
export function fillTemplate(template: string, params: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** An SMS to a line, worded from the profile's template in the line's language. */
export type Notification = { to: string; lineId: number; language: Language; template: NotificationTemplate; text: string };

/** Words an SMS to the line. Money params are minor units, formatted in the line's language; text params are used as given. */
export function notification(
  profile: Profile,
  line: NotifiedLine,
  template: NotificationTemplate,
  money: Record<string, number> = {},
  text: Record<string, string> = {},
): Notification {
  const language = lineLanguage(profile, line.language);
  const source = profile.messages[language]?.[template] ?? profile.messages[profile.defaultLanguage]?.[template];
  if (source === undefined) throw new Error(`profile ${profile.id} has no message template ${template}`);
  const params: Record<string, string> = { ...text };
  for (const [name, minor] of Object.entries(money)) params[name] = moneyView(minor, profile.currency, language).text;
  return { to: line.number, lineId: line.id, language, template, text: fillTemplate(source, params) };
}

/** The low-balance SMS when a debit takes the balance from at-or-above the threshold to below it; else undefined. */
export function lowBalanceNotification(
  profile: Profile,
  line: NotifiedLine,
  threshold: number | undefined,
  before: number,
  after: number,
): Notification | undefined {
  if (threshold === undefined || !(before >= threshold && after < threshold)) return undefined;
  return notification(profile, line, 'lowBalance', { balance: after });
}

/** Queues an SMS to the line (see `notification`). */
export async function notifyLine(
  db: Kysely<Database>,
  profile: Profile,
  line: NotifiedLine,
  template: NotificationTemplate,
  at: string,
  money: Record<string, number> = {},
  text: Record<string, string> = {},
): Promise<void> {
  const n = notification(profile, line, template, money, text);
  await enqueueSms(db, { lineId: n.lineId, to: n.to, language: n.language, template: n.template, text: n.text, at });
}

/** A low-balance SMS when a debit takes the balance from at-or-above the threshold to below it. */
export async function notifyIfLowBalance(
  db: Kysely<Database>,
  profile: Profile,
  line: NotifiedLine,
  threshold: number | undefined,
  before: number,
  after: number,
  at: string,
): Promise<void> {
  const n = lowBalanceNotification(profile, line, threshold, before, after);
  if (n) await enqueueSms(db, { lineId: n.lineId, to: n.to, language: n.language, template: n.template, text: n.text, at });
}
