/** Loads the profile's demo customers (`demo.yaml`) into an empty database. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Profile } from '../profiles/profile.ts';
import { toE164 } from '../core/subscribers/phone-number.ts';
import { addBlockedNumber, countCustomers, insertCustomer, insertLine } from '../core/subscribers/line.repository.ts';
import { openServiceActivation, openTariffPeriod } from '../core/subscribers/subscription.repository.ts';
import { openLineAccount, operatorAccountId, OPERATOR_ACCOUNTS, transfer } from '../core/ledger/account.repository.ts';

export type DemoLoadResult = { loaded: boolean; lines: number };

/** Opening floor of a line's main balance: prepaid lines may not go below zero; postpaid lines are billed. */
export function mainBalanceFloor(paymentType: 'prepaid' | 'postpaid'): number | null {
  return paymentType === 'prepaid' ? 0 : null;
}

/** Loads the demo data when the database has no customers; does nothing otherwise. */
export async function loadDemoData(db: Kysely<Database>, profile: Profile, now: Date): Promise<DemoLoadResult> {
  return db.transaction().execute(async (trx) => {
    if ((await countCustomers(trx)) > 0) return { loaded: false, lines: 0 };
    const at = now.toISOString();
    const opening = await operatorAccountId(trx, OPERATOR_ACCOUNTS.openingBalances, profile.currency.code, at);
    const pointsOpening = await operatorAccountId(trx, OPERATOR_ACCOUNTS.loyaltyLiability, 'points', at);
    let lines = 0;
    for (const customer of profile.demo) {
      const customerId = await insertCustomer(trx, {
        kind: customer.kind,
        name: customer.name,
        region: customer.region ?? null,
        createdAt: at,
      });
      for (const line of customer.lines) {
        const lineId = await insertLine(trx, {
          customer_id: customerId,
          number: toE164(line.number, profile.country),
          segment: customer.segment,
          payment_type: line.paymentType,
          line_type: line.lineType,
          status: line.status,
          language: line.language ?? profile.defaultLanguage,
          tariff_id: line.tariff,
          created_at: new Date(now.getTime() - line.connectedDaysAgo * 86_400_000).toISOString(),
          updated_at: at,
        });
        lines++;
        await openTariffPeriod(trx, lineId, line.tariff, at);
        for (const service of line.services) await openServiceActivation(trx, lineId, service, at);
        for (const blocked of line.blockedNumbers) await addBlockedNumber(trx, lineId, toE164(blocked, profile.country), at);
        const main = await openLineAccount(trx, lineId, 'main', profile.currency.code, mainBalanceFloor(line.paymentType), at);
        await moveOpening(trx, opening, main, line.balance, at);
        if (line.loyaltyPoints > 0) {
          const points = await openLineAccount(trx, lineId, 'points', 'points', 0, at);
          await moveOpening(trx, pointsOpening, points, line.loyaltyPoints, at);
        }
      }
    }
    return { loaded: true, lines };
  });
}

/** An opening balance is a transfer like any other, so every balance stays the sum of its postings. */
async function moveOpening(db: Kysely<Database>, operatorAccount: number, lineAccount: number, amount: number, at: string): Promise<void> {
  if (amount === 0) return;
  const [debit, credit] = amount > 0 ? [operatorAccount, lineAccount] : [lineAccount, operatorAccount];
  await transfer(db, {
    debitAccountId: debit,
    creditAccountId: credit,
    amount: Math.abs(amount),
    kind: 'opening-balance',
    description: 'demo opening balance',
    externalRef: null,
    at,
    ignoreFloor: true,
  });
}
