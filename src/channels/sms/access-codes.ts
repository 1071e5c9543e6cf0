/**
 * The port to terminal access codes (S3.3). Identity owns the codes (generation, hashing, lockout)
 * and its `orderAccessCode` use case; this channel only asks for one. The implementation that calls
 * identity is `identityAccessCodes` in `identity-bridge.ts`; the code itself goes out by SMS.
 */
import type { CoreDeps } from '../../core/context.ts';

export type AccessCodeOrder = { ordered: true } | { ordered: false; reason: 'unavailable' | 'refused'; message?: string | undefined };

export interface AccessCodes {
  /** Orders a new access code for the line; the code itself travels by SMS, never in this answer. */
  order(deps: CoreDeps, number: string): Promise<AccessCodeOrder>;
}

/** For tools that answer SMS commands without identity (the SMS benchmark): every order is refused politely. */
export const accessCodesNotAvailable: AccessCodes = {
  order: async () => ({ ordered: false, reason: 'unavailable' }),
};
