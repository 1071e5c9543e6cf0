/** Confirms a reserved purchase after the service was delivered (S0.4 step two): the hold becomes a posted transfer. */
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { label } from '../billing/labels.ts';
import { recordCharge } from '../billing/record-charge.ts';
import { lineLanguage } from '../notifications/notify-line.ts';
import { findAccount, lineBalances } from './account.repository.ts';
import { findHold, postHold, type HoldRow } from './hold.repository.ts';
import { runIdempotent, type Idempotent } from './idempotency.ts';
import { requireMoneyLine } from './money-line.ts';
import { purchaseView, type PurchaseView } from './purchase.ts';

export type CapturePurchaseInput = { number: string; purchaseId: number; idempotencyKey: string };

export async function capturePurchase(deps: CoreDeps, input: CapturePurchaseInput, _actor: Actor): Promise<Idempotent<PurchaseView>> {
  const { line, lineId } = await requireMoneyLine(deps, input.number);
  const hold = await requirePurchase(deps, lineId, input.purchaseId);
  const unit = (await findAccount(deps.db, Number(hold.debit_account_id)))?.unit ?? deps.profile.currency.code;
  const payload = { number: line.number, purchaseId: input.purchaseId };
  return runIdempotent(deps, { key: input.idempotencyKey, operation: 'purchase.capture', payload }, async (trx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const posted = await postHold(trx, input.purchaseId, at);
    if (!posted) throw await notPending({ ...deps, db: trx }, input.purchaseId, at);
    // Paid from the main balance: a charge like any other (receipt, low balance, spend). Points,
    // the purchase limit and the fixed-line bill show on the points history and the bill instead.
    if ((posted.source ?? 'balance') === 'balance') {
      const language = lineLanguage(deps.profile, line.language);
      await recordCharge(
        trx,
        deps.profile,
        { id: lineId, number: line.number, language },
        {
          amount: Number(posted.amount),
          balance: (await lineBalances(trx, lineId)).main,
          spendKind: 'purchase',
          description: posted.description ?? posted.service_id ?? label('charge', language),
          at: now,
        },
      );
    }
    return purchaseView(posted, line.number, unit);
  });
}

/** The purchase (hold) of this line, or `hold_not_found`. */
export async function requirePurchase(deps: CoreDeps, lineId: number, purchaseId: number): Promise<HoldRow> {
  const hold = await findHold(deps.db, purchaseId);
  if (!hold || Number(hold.line_id) !== lineId) throw new AppError('hold_not_found', `no hold ${purchaseId} on line ${lineId}`);
  return hold;
}

/** Why a hold could not be resolved: expired, or already posted/voided. */
export async function notPending(deps: CoreDeps, purchaseId: number, at: string): Promise<AppError> {
  const hold = await findHold(deps.db, purchaseId);
  if (hold?.status === 'pending' && hold.expires_at <= at)
    return new AppError('hold_expired', `hold ${purchaseId} expired at ${hold.expires_at}`);
  const status = hold?.status ?? 'unknown';
  return new AppError('hold_not_pending', `hold ${purchaseId} is ${status}`, { status });
}
