/**
 * The billing hook of a top-up. The ledger's top-up use case calls `afterTopUp(trx, deps, lineId)`
 * inside its own transaction, right after the money is credited: an open promised payment is repaid
 * from the new balance (fully, or as far as the balance goes), and a line blocked for lack of funds
 * is unblocked at once when its balance is back at or above its floor.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { lineAccountId, lineBalances, transfer } from '../ledger/account.repository.ts';
import { findLineById, findOpenPromisedPayment, repayPromisedPaymentRow } from './billing.repository.ts';
import { BILLING_ACTOR, unblockIfFunded } from './line-funds.ts';
import { promisedPaymentReceivable } from './promised-payment-account.ts';

export type AfterTopUpResult = { repaid: number; unblocked: boolean };

/** Repays an open promised payment from what the balance holds above its floor; returns the amount repaid. */
export async function repayPromisedPayment(trx: Kysely<Database>, deps: CoreDeps, lineId: number, at: string): Promise<number> {
  const open = await findOpenPromisedPayment(trx, lineId);
  if (!open) return 0;
  const { main, mainFloor } = await lineBalances(trx, lineId);
  const available = main - Math.max(mainFloor ?? 0, 0);
  const amount = Math.min(Number(open.outstanding), available);
  if (amount <= 0) return 0;
  const account = await lineAccountId(trx, lineId, 'main');
  if (account === undefined) throw new Error(`line ${lineId} has no main account`);
  if (!(await repayPromisedPaymentRow(trx, Number(open.id), amount, at))) return 0;
  const moved = await transfer(trx, {
    debitAccountId: account,
    creditAccountId: await promisedPaymentReceivable(trx, deps.profile, at),
    amount,
    kind: 'promised-payment-repayment',
    description: 'promised payment repayment',
    externalRef: `promised-payment:${open.id}`,
    at,
  });
  if (!moved) throw new Error(`repayment of promised payment ${open.id} crossed the floor of line ${lineId}`);
  return amount;
}

/** Call inside the top-up transaction after crediting the line; `actor` is who paid (the audit of an unblock names them). */
export async function afterTopUp(
  trx: Kysely<Database>,
  deps: CoreDeps,
  lineId: number,
  actor: Actor = BILLING_ACTOR,
): Promise<AfterTopUpResult> {
  const now = deps.clock.now();
  const repaid = await repayPromisedPayment(trx, deps, lineId, now.toISOString());
  const line = await findLineById(trx, lineId);
  if (!line || line.status !== 'blocked') return { repaid, unblocked: false };
  return { repaid, unblocked: await unblockIfFunded(trx, deps, line, now, actor) };
}
