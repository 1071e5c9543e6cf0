/**
 * SMS commands per short number (profile `channels.yaml` plus the catalog's `activation.sms`):
 * "2163" to 111 turns on the Electronic Assistant (S3.2), an empty SMS to 6262 orders the access
 * code (S3.3), balance, service on/off by code; anything else gets help in the line's language.
 * Returns the reply text; the adapter (Kannel get-url body, SMPP submit_sm) carries it back.
 */
import type { Actor, CoreDeps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { requireLine } from '../../core/subscribers/require-line.ts';
import type { Language } from '../../profiles/schema.ts';
import { channelText, errorReply, languageOf, message, runAction, type ReplyAction } from '../replies.ts';
import type { AccessCodes } from './access-codes.ts';
import { isBadlyEncoded } from './send-sms.ts';

export type InboundSms = { from: string; to: string; text: string };
export type SmsReply = { text: string; language: Language };

/** Longest command text we read; longer texts get help. */
const MAX_COMMAND_LENGTH = 160;

type Command = { action: 'balance' | 'access-code' | 'help' | 'activate' | 'deactivate'; service?: string | undefined };

/** Finds what a text to a short number asks for, or undefined. */
export function matchCommand(deps: Pick<CoreDeps, 'profile'>, to: string, text: string): Command | undefined {
  const { profile } = deps;
  const normalized = text.trim().replace(/\s+/g, ' ').toUpperCase();
  const number = profile.channels.sms.numbers[to];
  for (const c of number?.commands ?? []) {
    if (c.text.trim().toUpperCase() === normalized) return { action: c.action, service: c.service };
  }
  const offWords = profile.channels.sms.offWords.map((w) => w.toUpperCase());
  for (const s of profile.services) {
    const sms = s.activation.sms;
    if (!sms || sms.to !== to || sms.text.trim() === '') continue;
    const code = sms.text.trim().toUpperCase();
    if (normalized === code) return { action: 'activate', service: s.id };
    for (const w of offWords) if (normalized === `${code} ${w}`) return { action: 'deactivate', service: s.id };
  }
  return undefined;
}

/** Answers one inbound SMS. Never throws for anything the sender did. */
export async function handleInboundSms(deps: CoreDeps & { accessCodes: AccessCodes }, sms: InboundSms): Promise<SmsReply> {
  const { profile } = deps;
  const language = await languageOf(deps, sms.from);
  const reply = (text: string): SmsReply => ({ text, language });
  const known = sms.to in profile.channels.sms.numbers || profile.services.some((s) => s.activation.sms?.to === sms.to);
  if (!known) return reply(message(profile, language, 'unknownCommand'));
  if (sms.text.length > MAX_COMMAND_LENGTH || isBadlyEncoded(sms.text)) return reply(message(profile, language, 'help'));
  const command = matchCommand(deps, sms.to, sms.text);
  if (!command) return reply(`${message(profile, language, 'unknownCommand')} ${message(profile, language, 'help')}`);
  const actor: Actor = { type: 'subscriber', id: sms.from, channel: 'sms' };
  try {
    if (command.action === 'access-code') {
      await requireLine(deps, sms.from);
      const order = await deps.accessCodes.order(deps, sms.from);
      if (order.ordered) return reply('');
      return reply(order.message ?? channelText(profile, language, 'accessCodeUnavailable'));
    }
    if ((command.action === 'activate' || command.action === 'deactivate') && !command.service) {
      throw new AppError('service_not_found', `command without service to ${sms.to}`, { service: sms.text });
    }
    return reply(await runAction(deps, sms.from, language, command.action satisfies ReplyAction, command.service, actor));
  } catch (error) {
    return reply(errorReply(profile, language, error));
  }
}
