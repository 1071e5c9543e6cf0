/** Refunds all or part of a fee or purchase charged to a line: a new transfer the other way, never more than was charged. */
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { moneyView, type MoneyView } from '../money.ts';
import type { Language } from '../../profiles/schema.ts';
import { accountBalance, findAccount, findTransfer, postTransfer } from './account.repository.ts';
import { bumpCounter } from './counter.repository.ts';
import { findHold } from './hold.repository.ts';
import { runIdempotent, type Idempotent } from './idempotency.ts';
import { afterTopUp } from '../billing/after-top-up.ts';
import { requireAmount, requireMoneyLine } from './money-line.ts';

export type RefundTransferInput = {
  number: string;
  transferId: number;
  /** Defaults to the whole charge. */
  amount: number | undefined;
  reason: string | null;
  language: Language;
  idempotencyKey: string;
};

export type RefundResult = {
  transferId: number;
  refundOf: number;
  number: string;
  /** Minor units, or points for a purchase paid with points. */
  amount: number;
  unit: string;
  /** The line's main balance after the refund. */
  balance: MoneyView;
  at: string;
};

const REFUNDABLE_KINDS: ReadonlySet<string> = new Set(['fee', 'purchase']);

export async function refundTransfer(deps: CoreDeps, input: RefundTransferInput, actor: Actor): Promise<Idempotent<RefundResult>> {
  const { line, lineId, mainAccountId } = await requireMoneyLine(deps, input.number);
  const original = await findTransfer(deps.db, input.transferId);
  const notFound = () => new AppError('transfer_not_found', `no refundable transfer ${input.transferId} on line ${line.number}`);
  if (!original || !REFUNDABLE_KINDS.has(original.kind)) throw notFound();
  const debited = await findAccount(deps.db, original.debitAccountId);
  const holdId = original.externalRef?.startsWith('hold:') ? Number(original.externalRef.slice(5)) : undefined;
  const hold = holdId === undefined ? undefined : await findHold(deps.db, holdId);
  const ofThisLine = debited?.lineId === lineId || (hold !== undefined && Number(hold.line_id) === lineId);
  if (!debited || !ofThisLine) throw notFound();
  const amount = input.amount ?? original.amount;
  requireAmount(amount);
  const payload = { number: line.number, transferId: input.transferId, amount, reason: input.reason };
  return runIdempotent(deps, { key: input.idempotencyKey, operation: 'refund', payload }, async (trx) => {
    const at = deps.clock.now().toISOString();
    if (!(await bumpCounter(trx, `refund:${original.id}`, amount, original.amount))) {
      throw new AppError('refund_exceeds_charge', `refund ${amount} of transfer ${original.id} over what is left`);
    }
    const transferId = await postTransfer(trx, {
      debitAccountId: original.creditAccountId,
      creditAccountId: original.debitAccountId,
      amount,
      kind: 'refund',
      description: input.reason,
      externalRef: `refund-of:${original.id}`,
      at,
    });
    if (transferId === null) throw new Error(`account ${original.creditAccountId} refused the refund debit`);
    // Money back on the main balance counts like a top-up: it repays a promised payment and may unblock the line.
    if (original.debitAccountId === mainAccountId) await afterTopUp(trx, deps, lineId, actor);
    return {
      transferId,
      refundOf: original.id,
      number: line.number,
      amount,
      unit: debited.unit,
      balance: moneyView(await accountBalance(trx, mainAccountId), deps.profile.currency, input.language),
      at,
    };
  });
}
