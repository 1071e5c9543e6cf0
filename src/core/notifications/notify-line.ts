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

/**
 * Queues an SMS to the line. Money params are minor units, formatted in the line's language;
 * text params are used as given.
 */
export async function notifyLine(
  db: Kysely<Database>,
  profile: Profile,
  line: NotifiedLine,
  template: NotificationTemplate,
  at: string,
  money: Record<string, number> = {},
  text: Record<string, string> = {},
): Promise<void> {
  const language = lineLanguage(profile, line.language);
  const source = profile.messages[language]?.[template] ?? profile.messages[profile.defaultLanguage]?.[template];
  if (source === undefined) throw new Error(`profile ${profile.id} has no message template ${template}`);
  const params: Record<string, string> = { ...text };
  for (const [name, minor] of Object.entries(money)) params[name] = moneyView(minor, profile.currency, language).text;
  await enqueueSms(db, { lineId: line.id, to: line.number, language, template, text: fillTemplate(source, params), at });
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
  if (threshold === undefined || !(before >= threshold && after < threshold)) return;
  await notifyLine(db, profile, line, 'lowBalance', at, { balance: after });
}
