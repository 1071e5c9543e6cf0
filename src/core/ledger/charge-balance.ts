/**
 * Charges a fee or a one-step purchase to a line's main balance, refused when the balance above its
 * floor does not cover it; with the receipt, the low-balance notice and the spend (`recordCharge`).
 */
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { moneyView, type MoneyView } from '../money.ts';
import type { Language } from '../../profiles/schema.ts';
import { recordCharge } from '../billing/record-charge.ts';
import { postTransferWithBalances } from './account.repository.ts';
import { Refusal, runIdempotent, type Idempotent } from './idempotency.ts';
import { requireAmount, resolveMoneyAccount } from './money-line.ts';
import { operatorAccount } from './operator-accounts.ts';

export const CHARGE_KINDS = ['fee', 'purchase'] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];

export type ChargeBalanceInput = {
  number: string;
  amount: number;
  kind: ChargeKind;
  description: string;
  language: Language;
  idempotencyKey: string;
};

export type ChargeResult = {
  transferId: number;
  number: string;
  amount: MoneyView;
  kind: ChargeKind;
  description: string;
  balance: MoneyView;
  at: string;
};

export async function chargeBalance(deps: CoreDeps, input: ChargeBalanceInput, _actor: Actor): Promise<Idempotent<ChargeResult>> {
  requireAmount(input.amount);
  const { lineId, number, mainAccountId } = await resolveMoneyAccount(deps, input.number);
  const revenue = await operatorAccount(deps, 'revenue', mainAccountId);
  const currency = deps.profile.currency;
  const payload = { number, amount: input.amount, kind: input.kind, description: input.description };
  // Concurrent: a guarded transfer and records gathered to the batch's end, nothing read back.
  const idem = { key: input.idempotencyKey, operation: 'charge', payload, spreadBy: mainAccountId, concurrent: true };
  return runIdempotent(deps, idem, async (trx, key) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const posted = await postTransferWithBalances(trx, {
      debitAccountId: mainAccountId,
      creditAccountId: revenue,
      amount: input.amount,
      kind: input.kind,
      description: input.description,
      externalRef: null,
      at,
    });
    if (posted === null) {
      // Refused before anything was written: the batch's other writes need not run again.
      const amount = moneyView(input.amount, currency, input.language).text;
      return new Refusal(new AppError('insufficient_funds', `line ${number} cannot pay ${input.amount}`, { amount }));
    }
    const result: ChargeResult = {
      transferId: posted.id,
      number,
      amount: moneyView(input.amount, currency, input.language),
      kind: input.kind,
      description: input.description,
      balance: moneyView(posted.debitBalance, currency, input.language),
      at,
    };
    // The receipt goes to the line in its own language (the caller's may differ): recordCharge finds
    // it. On PostgreSQL the key's record goes into the records' statement (one round trip less).
    await recordCharge(
      trx,
      deps.profile,
      { id: lineId, number },
      {
        amount: input.amount,
        balance: posted.debitBalance,
        spendKind: input.kind,
        description: input.description,
        at: now,
      },
      { record: () => key.record(result), stored: (fresh) => key.stored(fresh) },
    );
    return result;
  });
}
