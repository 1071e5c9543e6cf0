/** What identity use cases need beyond the core: an SMS sender and the scrypt cost. */
import type { Config } from '../../config.ts';
import type { IdentityRules } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import type { HashingParams } from './secret-hash.ts';
import type { SmsSender } from './sms-sender.ts';

export type IdentityDeps = CoreDeps & { sms: SmsSender; hashing: HashingParams };

/** The scrypt parameters the configuration asks for. */
export function hashingOf(config: Pick<Config, 'identity'>): HashingParams {
  return { cost: config.identity.scryptCost, blockSize: 8, parallelization: 1 };
}

/** The profile's identity rules (defaults filled in by the profile schema). */
export function identityRules(deps: Pick<CoreDeps, 'profile'>): IdentityRules {
  return deps.profile.rules.identity;
}

export const MINUTE_MS = 60_000;

/** Whole minutes (at least 1) from now until `until`, for messages. */
export function minutesUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / MINUTE_MS));
}

/** The parameters of a "locked" error: seconds and minutes left, and the end time. */
export function lockParams(until: Date, now: Date): { retryAfter: number; minutes: number; until: string } {
  return {
    retryAfter: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
    minutes: minutesUntil(until, now),
    until: until.toISOString().slice(0, 16).replace('T', ' '),
  };
}
