/** Cancels a reserved purchase (S0.4): the reservation is released and the monthly cap given back. */
import type { Actor, CoreDeps } from '../context.ts';
import { findAccount } from './account.repository.ts';
import { notPending, requirePurchase } from './capture-purchase.ts';
import { releaseCounter } from './counter.repository.ts';
import { releaseHold } from './hold.repository.ts';
import { runIdempotent, type Idempotent } from './idempotency.ts';
import { requireMoneyLine } from './money-line.ts';
import { purchaseView, type PurchaseView } from './purchase.ts';

export type VoidPurchaseInput = { number: string; purchaseId: number; idempotencyKey: string };

export async function voidPurchase(deps: CoreDeps, input: VoidPurchaseInput, _actor: Actor): Promise<Idempotent<PurchaseView>> {
  const { line, lineId } = await requireMoneyLine(deps, input.number);
  const hold = await requirePurchase(deps, lineId, input.purchaseId);
  const unit = (await findAccount(deps.db, Number(hold.debit_account_id)))?.unit ?? deps.profile.currency.code;
  const payload = { number: line.number, purchaseId: input.purchaseId };
  return runIdempotent(deps, { key: input.idempotencyKey, operation: 'purchase.void', payload }, async (trx) => {
    const at = deps.clock.now().toISOString();
    // Counter first, then the hold: the same lock order as a reservation (no deadlock on PostgreSQL).
    if (hold.counter_key !== null) await releaseCounter(trx, hold.counter_key, Number(hold.amount));
    const released = await releaseHold(trx, input.purchaseId, 'voided', at);
    if (!released) throw await notPending({ ...deps, db: trx }, input.purchaseId, '');
    return purchaseView(released, line.number, unit);
  });
}
