/** Sends one SMS to a subscriber: picks the coding, stores it, hands it to the provider with retries and backoff, keeps its status. */
import type { CoreDeps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { toE164 } from '../../core/subscribers/phone-number.ts';
import type { Language } from '../../profiles/schema.ts';
import { codingFor, splitText } from './gsm.ts';
import { SendError, type SmsProvider } from './provider.ts';
import { applyReceipt, insertSms, markSmsAttempt } from './sms-message.repository.ts';
import { Throughput } from './throughput.ts';

/** Longest text accepted: 10 concatenated parts. */
export const MAX_SMS_PARTS = 10;

export type SmsGatewayOptions = {
  /** Sender shown to subscribers when none is given (a short number or an alphanumeric name). */
  defaultSender: string;
  /** Parts per second on this link. */
  perSecond?: number;
  /** Attempts per message, including the first. */
  attempts?: number;
  /** First backoff delay; doubled after each retry. */
  backoffMs?: number;
};

/** A provider with its link's throughput limit and retry policy. */
export class SmsGateway {
  readonly throughput: Throughput;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly defaultSender: string;

  constructor(
    readonly provider: SmsProvider,
    options: SmsGatewayOptions,
  ) {
    this.throughput = new Throughput(options.perSecond ?? 100);
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.defaultSender = options.defaultSender;
  }

  /** Stores delivery reports from the provider on the messages they belong to. */
  listenForReceipts(deps: Pick<CoreDeps, 'db' | 'clock'>, onError: (e: unknown) => void = () => undefined): void {
    this.provider.onReceipt = async (receipt) => {
      const match = 'id' in receipt.match ? receipt.match : { provider: this.provider.name, providerRef: receipt.match.providerRef };
      // A receipt can overtake the write of its provider reference: try again a few times.
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          const changed = await applyReceipt(
            deps.db,
            match,
            receipt.delivered ? 'delivered' : 'undelivered',
            deps.clock.now().toISOString(),
          );
          if (changed > 0) return;
        } catch (e) {
          onError(e);
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
  }
}

export type SmsDeps = CoreDeps & { sms: SmsGateway };

export type SendSmsInput = { to: string; text: string; language: Language; from?: string | undefined };

export type SentSms = { id: number; status: 'sent' | 'failed'; parts: number; coding: 'gsm7' | 'ucs2'; attempts: number };

export async function sendSms(deps: SmsDeps, input: SendSmsInput): Promise<SentSms> {
  const to = toE164(input.to, deps.profile.country);
  const text = input.text.normalize('NFC');
  if (text.trim().length === 0) throw new AppError('invalid_input', 'empty SMS text', {}, [{ path: 'text', message: 'empty' }]);
  if (isBadlyEncoded(text)) {
    throw new AppError('invalid_input', 'SMS text has control characters or broken UTF-16', {}, [
      { path: 'text', message: 'badly encoded' },
    ]);
  }
  const coding = codingFor(text);
  const parts = splitText(text, coding).length;
  if (parts > MAX_SMS_PARTS) {
    throw new AppError('invalid_input', `SMS of ${parts} parts`, {}, [{ path: 'text', message: `longer than ${MAX_SMS_PARTS} parts` }]);
  }
  const from = input.from ?? deps.sms.defaultSender;
  const { provider } = deps.sms;
  const now = () => deps.clock.now().toISOString();
  const id = await insertSms(deps.db, { to, from, text, language: input.language, coding, parts, provider: provider.name, at: now() });

  let lastError = '';
  for (let attempt = 1; attempt <= deps.sms.attempts; attempt++) {
    await deps.sms.throughput.take(parts);
    try {
      const { providerRef } = await provider.send({ id, from, to, text, coding });
      await markSmsAttempt(deps.db, id, { status: 'sent', attempts: attempt, providerRef, at: now() });
      return { id, status: 'sent', parts, coding, attempts: attempt };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      const retryable = !(error instanceof SendError) || error.retryable;
      if (!retryable || attempt === deps.sms.attempts) {
        await markSmsAttempt(deps.db, id, { status: 'failed', attempts: attempt, error: lastError.slice(0, 500), at: now() });
        return { id, status: 'failed', parts, coding, attempts: attempt };
      }
      await markSmsAttempt(deps.db, id, { status: 'queued', attempts: attempt, error: lastError.slice(0, 500), at: now() });
      await new Promise((r) => setTimeout(r, deps.sms.backoffMs * 2 ** (attempt - 1)));
    }
  }
  throw new Error('unreachable');
}

/** Control characters, U+FFFD (a failed decode upstream) or a lone UTF-16 surrogate. */
export function isBadlyEncoded(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}
