/**
 * What a charge to a line's main balance leaves besides its transfer, in the charge's transaction
 * (so a retried or replayed charge leaves it once): the receipt SMS in the line's language, the
 * low-balance SMS when the charge takes the balance below the profile's threshold, and the line's
 * spend of the local day and month (S4.4). Every charge does this: recurring fees, tariff change
 * and activation fees, charges through the API (fees and one-step purchases), captured purchases.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Profile } from '../../profiles/profile.ts';
import { lowBalanceNotification, notification, type Notification, type NotifiedLine } from '../notifications/notify-line.ts';
import { findLineLanguageById } from '../subscribers/line.repository.ts';
import { lowBalanceThreshold } from './billing-rules.ts';
import { insertChargeRecords, picksLanguageInStatement, type KeyWithRecords } from './charge-record.repository.ts';
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

/**
 * `line.language` may be left out: it is then read, or (PostgreSQL inside the ledger writer) the
 * SMS are worded in every language of the profile and the statement keeps the line's, which saves
 * a round trip on the hottest write; there the charge's idempotency `key`, when given, goes into
 * the same statement too (and is reported `stored`); elsewhere it is left to `runIdempotent`.
 */
export async function recordCharge(
  db: Kysely<Database>,
  profile: Profile,
  line: Omit<NotifiedLine, 'language'> & { language?: string | undefined },
  charge: RecordedCharge,
  key?: KeyWithRecords,
): Promise<void> {
  const { day, month } = localKeys(profile.timeZone)(charge.at);
  const records = { lineId: line.id, day, month, kind: charge.spendKind, amount: charge.amount, at: charge.at.toISOString() };
  if (line.language === undefined && picksLanguageInStatement(db)) {
    const sms = profile.languages.flatMap((language) => smsOf(profile, { ...line, language }, charge));
    await insertChargeRecords(db, { ...records, sms }, { languages: profile.languages, fallback: profile.defaultLanguage }, key);
    return;
  }
  const language = line.language ?? (await findLineLanguageById(db, line.id)) ?? profile.defaultLanguage;
  await insertChargeRecords(db, { ...records, sms: smsOf(profile, { ...line, language }, charge) });
}

function smsOf(profile: Profile, line: NotifiedLine, charge: RecordedCharge): Notification[] {
  const receipt = notification(
    profile,
    line,
    'charge',
    { amount: charge.amount, balance: charge.balance },
    { description: charge.description },
  );
  const low = lowBalanceNotification(profile, line, lowBalanceThreshold(profile), charge.balance + charge.amount, charge.balance);
  return low ? [receipt, low] : [receipt];
}
