/**
 * Closes promised payments whose validity has ended (S4.7): what the balance can still repay is
 * repaid, the rest becomes debt (the main balance goes below its floor by that amount) and the line
 * is blocked until a top-up covers it.
 */
import { writeAudit } from '../audit/audit.repository.ts';
import type { CoreDeps } from '../context.ts';
import { lineAccountId, lineBalances, transfer } from '../ledger/account.repository.ts';
import { repayPromisedPayment } from './after-top-up.ts';
import {
  closePromisedPaymentAsDebt,
  findLineById,
  findOpenPromisedPayment,
  listDuePromisedPayments,
  lockOpenPromisedPayment,
} from './billing.repository.ts';
import { BILLING_ACTOR, blockForFunds } from './line-funds.ts';
import { promisedPaymentReceivable } from './promised-payment-account.ts';
import { retryTransaction } from './retry-transaction.ts';

export type ExpiryResult = { repaid: number; becameDebt: number; blocked: number };

export async function expirePromisedPayments(deps: CoreDeps): Promise<ExpiryResult> {
  const result: ExpiryResult = { repaid: 0, becameDebt: 0, blocked: 0 };
  for (;;) {
    const due = await listDuePromisedPayments(deps.db, deps.clock.now().toISOString(), 200);
    if (due.length === 0) return result;
    for (const p of due) {
      // What happened to this one, counted once its transaction committed.
      const outcome = await retryTransaction(() =>
        deps.db.transaction().execute(async (trx): Promise<'none' | 'repaid' | 'debt' | 'debt-blocked'> => {
          const now = deps.clock.now();
          const at = now.toISOString();
          const lineId = Number(p.line_id);
          // First a write, so two processes never both read it as open (and SQLite never has to upgrade a read).
          if (!(await lockOpenPromisedPayment(trx, Number(p.id)))) return 'none';
          await repayPromisedPayment(trx, deps, lineId, at);
          const open = await findOpenPromisedPayment(trx, lineId);
          if (!open || Number(open.id) !== Number(p.id)) return 'repaid';
          // Another process may have closed it: the guarded update decides who converts it.
          if (!(await closePromisedPaymentAsDebt(trx, Number(open.id), at))) return 'none';
          const debt = Number(open.outstanding);
          const main = await lineAccountId(trx, lineId, 'main');
          if (main === undefined) throw new Error(`line ${lineId} has no main account`);
          // The credit was spent: the subscriber now owes it on the main balance, below its floor.
          await transfer(trx, {
            debitAccountId: main,
            creditAccountId: await promisedPaymentReceivable(trx, deps.profile, at),
            amount: debt,
            kind: 'promised-payment-debt',
            description: 'unpaid promised payment',
            externalRef: `promised-payment:${open.id}`,
            at,
            ignoreFloor: true,
          });
          const line = await findLineById(trx, lineId);
          if (!line) return 'debt';
          await writeAudit(trx, BILLING_ACTOR, now, {
            action: 'promised-payment.debt',
            subjectType: 'line',
            subjectId: line.number,
            lineId,
            before: { promisedPaymentId: Number(open.id), outstanding: debt },
            after: { balance: (await lineBalances(trx, lineId)).main },
          });
          return (await blockForFunds(trx, deps, line, 'promised-payment-debt', now)) ? 'debt-blocked' : 'debt';
        }),
      );
      if (outcome === 'repaid') result.repaid++;
      if (outcome === 'debt' || outcome === 'debt-blocked') result.becameDebt++;
      if (outcome === 'debt-blocked') result.blocked++;
    }
  }
}
