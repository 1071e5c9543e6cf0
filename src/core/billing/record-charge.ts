/**
 * What a charge to a line's main balance leaves besides its transfer, in the charge's transaction
 * (so a retried or replayed charge leaves it once): the receipt SMS in the line's language, the
 * low-balance SMS when the charge takes the balance below the profile's threshold, and the line's
 * spend of the local day and month (S4.4). Every charge does this: recurring fees, tariff change
 * and activation fees, charges through the API (fees and one-step purchases).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Profile } from '../../profiles/profile.ts';
import { notifyIfLowBalance, notifyLine, type NotifiedLine } from '../notifications/notify-line.ts';
import { addSpend } from '../usage/usage.repository.ts';
import { lowBalanceThreshold } from './billing-rules.ts';
import { localKeys } from './period.ts';

export type RecordedCharge = {
  amount: number;
  /** The main balance after the charge. */
  balance: number;
  /** The spend kind: `fee` or `purchase`. */
  spendKind: string;
  /** What the receipt says was charged, in the line's language. */
  description: string;
  at: Date;
};

export async function recordCharge(db: Kysely<Database>, profile: Profile, line: NotifiedLine, charge: RecordedCharge): Promise<void> {
  const at = charge.at.toISOString();
  const { day, month } = localKeys(profile.timeZone)(charge.at);
  await addSpend(db, [{ lineId: line.id, day, month, kind: charge.spendKind, units: 1, includedUnits: 0, amount: charge.amount }]);
  await notifyLine(
    db,
    profile,
    line,
    'charge',
    at,
    { amount: charge.amount, balance: charge.balance },
    { description: charge.description },
  );
  await notifyIfLowBalance(db, profile, line, lowBalanceThreshold(profile), charge.balance + charge.amount, charge.balance, at);
}
