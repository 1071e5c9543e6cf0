/** Tops up a line's main balance from a card, a cash terminal, a voucher or an agent adjustment; a blocked prepaid line back at or above zero is unblocked in the same transaction. */
import type { Actor, CoreDeps } from '../context.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { moneyView, type MoneyView } from '../money.ts';
import type { Language } from '../../profiles/schema.ts';
import { postTransferWithBalances } from './account.repository.ts';
import { runIdempotent, type Idempotent } from './idempotency.ts';
import { unblockIfFunded } from './line-status.repository.ts';
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
  return runIdempotent(deps, { key: input.idempotencyKey, operation: 'top-up', payload }, async (trx) => {
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
    const balance = posted.creditBalance;
    // Guarded: only a blocked prepaid line whose balance is now >= 0 changes.
    const unblocked = await unblockIfFunded(trx, lineId, mainAccountId, at);
    if (unblocked) {
      await writeAudit(trx, actor, now, {
        action: 'line.unblocked',
        subjectType: 'line',
        subjectId: number,
        lineId,
        before: { status: 'blocked' },
        after: { status: 'active', reason: 'top-up', transferId, balance },
      });
    }
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
