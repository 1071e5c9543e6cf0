/** Charges a one-off fee to a line's main balance, credited to operator revenue. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Profile } from '../../profiles/profile.ts';
import { lineAccountId, operatorAccountId, OPERATOR_ACCOUNTS, postTransferWithBalances } from './account.repository.ts';

/** Returns the main balance after the charge, or null when the balance (above its floor) does not cover the amount; nothing is written then. */
export async function chargeLine(
  db: Kysely<Database>,
  profile: Profile,
  lineId: number,
  amount: number,
  kind: string,
  description: string,
  at: string,
): Promise<number | null> {
  const debit = await lineAccountId(db, lineId, 'main');
  if (debit === undefined) throw new Error(`line ${lineId} has no main account`);
  const credit = await operatorAccountId(db, OPERATOR_ACCOUNTS.revenue, profile.currency.code, at);
  const posted = await postTransferWithBalances(db, {
    debitAccountId: debit,
    creditAccountId: credit,
    amount,
    kind,
    description,
    externalRef: null,
    at,
  });
  return posted === null ? null : posted.debitBalance;
}
