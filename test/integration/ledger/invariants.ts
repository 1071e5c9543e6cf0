/** The ledger's invariants, read straight from the database: used after every test that moves money. */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../../src/db/schema.ts';
import { listAllAccounts, sumPostingsByAccount } from '../../../src/core/ledger/account.repository.ts';
import { sumPendingByAccount } from '../../../src/core/ledger/hold.repository.ts';

/**
 * Every balance equals the sum of its postings; every `reserved` equals its pending holds; the total
 * per unit is zero (money is only moved); no balance is below its floor, except opening balances
 * already below it (`allowedBelow`: account id -> lowest balance seen at the start).
 */
export async function assertLedgerInvariants(db: Kysely<Database>, allowedBelow: Map<number, number> = new Map()): Promise<void> {
  const accounts = await listAllAccounts(db);
  const sums = await sumPostingsByAccount(db);
  const pending = await sumPendingByAccount(db);
  const totals = new Map<string, number>();
  for (const a of accounts) {
    expect(a.balance, `account ${a.id} (${a.code ?? a.kind}) = sum of postings`).toBe(sums.get(a.id) ?? 0);
    expect(a.reserved, `account ${a.id} reserved = pending holds`).toBe(pending.get(a.id) ?? 0);
    totals.set(a.unit, (totals.get(a.unit) ?? 0) + a.balance);
    if (a.floor !== null) {
      const lowest = Math.min(a.floor, allowedBelow.get(a.id) ?? a.floor);
      expect(a.balance - a.reserved, `account ${a.id} (${a.kind}) at or above its floor`).toBeGreaterThanOrEqual(lowest);
    }
  }
  for (const [unit, total] of totals) expect(total, `total in ${unit}`).toBe(0);
}
