/** The operator account that holds what subscribers owe for promised payments (S4.7). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Profile } from '../../profiles/profile.ts';
import { operatorAccountId } from '../ledger/account.repository.ts';

export const PROMISED_PAYMENT_RECEIVABLE = 'promised-payment-receivable';

export async function promisedPaymentReceivable(db: Kysely<Database>, profile: Profile, at: string): Promise<number> {
  return operatorAccountId(db, PROMISED_PAYMENT_RECEIVABLE, profile.currency.code, at);
}
