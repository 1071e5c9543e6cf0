/**
 * The port to terminal access codes (S3.3). The identity issue owns the codes (generation,
 * hashing, lockout) and its `orderAccessCode` use case; this channel only asks for one.
 *
 * TODO(identity): when `orderAccessCode` lands, wire it here:
 *   `export const identityAccessCodes: AccessCodes = { order: (deps, number) => orderAccessCode(deps, { number, channel: 'sms' }) }`
 * and pass it to `handleInboundSms` in `server.ts`. Until then the 6262 command politely says the
 * service is not available yet (the code SMS itself is sent by identity through `sendSms`).
 */
import type { CoreDeps } from '../../core/context.ts';

export type AccessCodeOrder = { ordered: true } | { ordered: false; reason: 'unavailable' | 'refused'; message?: string | undefined };

export interface AccessCodes {
  /** Orders a new access code for the line; the code itself travels by SMS, never in this answer. */
  order(deps: CoreDeps, number: string): Promise<AccessCodeOrder>;
}

/** The placeholder used until identity's `orderAccessCode` is merged. */
export const accessCodesNotAvailable: AccessCodes = {
  order: async () => ({ ordered: false, reason: 'unavailable' }),
};
