/**
 * Where identity meets the SMS channel: identity's codes go out through the SMS gateway (and, in
 * demo mode, also into the in-memory outbox the demo shows), and the 6262 command orders terminal
 * access codes from identity's `orderAccessCode` (S3.3).
 */
import type { CoreDeps } from '../../core/context.ts';
import { isAppError } from '../../core/errors.ts';
import { errorMessage } from '../../core/i18n/error-messages.ts';
import { orderAccessCode } from '../../core/identity/order-access-code.ts';
import type { HashingParams } from '../../core/identity/secret-hash.ts';
import type { MemorySmsSender, SmsSender } from '../../core/identity/sms-sender.ts';
import { findLineByNumber } from '../../core/subscribers/line.repository.ts';
import { toE164 } from '../../core/subscribers/phone-number.ts';
import type { Language } from '../../profiles/schema.ts';
import type { AccessCodes } from './access-codes.ts';
import { sendSms, type SmsGateway } from './send-sms.ts';

/** Sends identity's SMS through the gateway once one is attached; always through `local` too (memory in demo, a log line otherwise). */
export class GatewaySmsSender implements SmsSender {
  gateway: SmsGateway | undefined;
  constructor(
    private readonly deps: CoreDeps,
    private readonly local: SmsSender,
  ) {}

  get outbox(): MemorySmsSender | undefined {
    return this.local.outbox;
  }

  async send(to: string, text: string, language: Language): Promise<void> {
    await this.local.send(to, text, language);
    if (this.gateway) await sendSms({ ...this.deps, sms: this.gateway }, { to, text, language });
  }
}

/** The 6262 command's port to identity: orders a code, or says in the line's language why not. */
export function identityAccessCodes(identity: { sms: SmsSender; hashing: HashingParams }): AccessCodes {
  return {
    order: async (deps, number) => {
      const line = await findLineByNumber(deps.db, toE164(number, deps.profile.country));
      const language = (line?.language ?? deps.profile.defaultLanguage) as Language;
      try {
        await orderAccessCode({ ...deps, ...identity }, { number, language }, { type: 'subscriber', id: number, channel: 'sms' });
        return { ordered: true };
      } catch (error) {
        if (!isAppError(error)) throw error;
        return { ordered: false, reason: 'refused', message: errorMessage(error.code, language, error.params) };
      }
    },
  };
}
