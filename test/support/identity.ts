/** Identity test data: fast scrypt, a memory SMS sender, a settable clock, staff users. */
import type { CoreDeps } from '../../src/core/context.ts';
import { AppError } from '../../src/core/errors.ts';
import { createStaffUser } from '../../src/core/identity/create-staff-user.ts';
import type { IdentityDeps } from '../../src/core/identity/identity-deps.ts';
import type { HashingParams } from '../../src/core/identity/secret-hash.ts';
import { MemorySmsSender } from '../../src/core/identity/sms-sender.ts';
import type { Storage } from '../../src/db/connect.ts';
import { demoDeps, fixedClock, type PROFILE_IDS } from './factories.ts';

/** scrypt with N=16: microseconds per hash, so 10,000 guesses stay fast. Production uses N=32768. */
export const FAST_HASHING: HashingParams = { cost: 16, blockSize: 8, parallelization: 1 };

export type TestIdentityDeps = IdentityDeps & { sms: MemorySmsSender; clock: ReturnType<typeof fixedClock> };

export async function identityDeps(storage: Storage, profileId: (typeof PROFILE_IDS)[number] = 'mts-ru'): Promise<TestIdentityDeps> {
  const base: CoreDeps = await demoDeps(storage, profileId);
  return { ...base, clock: fixedClock(), sms: new MemorySmsSender(), hashing: FAST_HASHING };
}

/** The last code sent by SMS to a number (the digits in the text). */
export function lastCode(sms: MemorySmsSender, number: string): string {
  const text = sms.last(number)?.text ?? '';
  const match = /\b(\d{4,8})\b/.exec(text);
  if (!match?.[1]) throw new Error(`no code sent to ${number}`);
  return match[1];
}

/** The error code a promise rejects with, or 'ok'. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** The AppError a promise rejects with. */
export async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

export const SYSTEM = { type: 'system', id: 'test', channel: 'system' } as const;
export const WEB = { type: 'anonymous', id: 'anonymous', channel: 'web' } as const;

export async function staff(
  deps: IdentityDeps,
  login: string,
  role: 'agent' | 'supervisor' | 'operator-admin' | 'corporate-admin',
  customerId?: number,
) {
  return createStaffUser(deps, { login, name: login, role, password: `${login}-Secret-Pass-1`, customerId }, SYSTEM);
}
export const staffPassword = (login: string) => `${login}-Secret-Pass-1`;

/** Runs `count` guesses, `parallel` at a time (an attacker does not wait): guess `i` is `guess(i)`. */
export async function attack(count: number, parallel: number, guess: (i: number) => Promise<string>): Promise<Map<string, number>> {
  const outcomes = new Map<string, number>();
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, k) => guess(start + k));
    for (const outcome of await Promise.all(batch)) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  return outcomes;
}
