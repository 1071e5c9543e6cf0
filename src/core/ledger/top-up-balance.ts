/**
 * Tops up a line's main balance from a card, a cash terminal, a voucher or an agent adjustment. In the
 * same transaction an open promised payment is repaid from it and a line blocked for lack of money is
 * unblocked when its balance is back at or above its floor (billing's `afterTopUp`).
 */
import type { Actor, CoreDeps } from '../context.ts';
import { afterTopUp } from '../billing/after-top-up.ts';
import { moneyView, type MoneyView } from '../money.ts';
import type { Language } from '../../profiles/schema.ts';
import { postTransferWithBalances } from './account.repository.ts';
import { runIdempotent, type Idempotent } from './idempotency.ts';
import { requireAmount, resolveMoneyAccount } from './money-line.ts';
import { operatorAccount, type OperatorAccountName } from './operator-accounts.ts';

export const TOP_UP_SOURCES = ['card', 'cash-terminal', 'voucher', 'agent-adjustment'] as const;
export type TopUpSource = (typeof TOP_UP_SOURCES)[number];

const CLEARING: Record<TopUpSource, OperatorAccountName> = {
  card: 'cardClearing',
  'cash-terminal': 'cashTerminalClearing',
  voucher: 'voucherClearing',
  'agent-adjustment': 'adjustments',
};

export type TopUpBalanceInput = {
  number: string;
  amount: number;
  source: TopUpSource;
  /** The payment's id at the card gateway, terminal or voucher system. */
  externalRef: string | null;
  language: Language;
  idempotencyKey: string;
};

export type TopUpResult = {
  transferId: number;
  number: string;
  amount: MoneyView;
  source: TopUpSource;
  externalRef: string | null;
  balance: MoneyView;
  unblocked: boolean;
  at: string;
};

export async function topUpBalance(deps: CoreDeps, input: TopUpBalanceInput, actor: Actor): Promise<Idempotent<TopUpResult>> {
  requireAmount(input.amount);
  const { number, lineId, mainAccountId } = await resolveMoneyAccount(deps, input.number);
  const clearing = await operatorAccount(deps, CLEARING[input.source], mainAccountId);
  const payload = { number, amount: input.amount, source: input.source, externalRef: input.externalRef };
  return runIdempotent(deps, { key: input.idempotencyKey, operation: 'top-up', payload, spreadBy: mainAccountId }, async (trx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const posted = await postTransferWithBalances(trx, {
      debitAccountId: clearing,
      creditAccountId: mainAccountId,
      amount: input.amount,
      kind: 'top-up',
      description: input.source,
      externalRef: input.externalRef,
      at,
    });
    if (posted === null) throw new Error(`clearing account ${clearing} refused a debit`);
    const transferId = posted.id;
    const { repaid, unblocked } = await afterTopUp(trx, deps, lineId, actor);
    const balance = posted.creditBalance - repaid;
    const currency = deps.profile.currency;
    return {
      transferId,
      number,
      amount: moneyView(input.amount, currency, input.language),
      source: input.source,
      externalRef: input.externalRef,
      balance: moneyView(balance, currency, input.language),
      unblocked,
      at,
    };
  });
}
