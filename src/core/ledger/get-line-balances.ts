/** Every balance of a line (main, promised credit, points, this month's purchase-limit usage) with its reserved part and floor. */
import type { CoreDeps } from '../context.ts';
import { findTariff } from '../../profiles/profile.ts';
import { listLineAccounts, purchaseLimitKind } from './account.repository.ts';
import { counterValue } from './counter.repository.ts';
import { monthOf, requireMoneyLine } from './money-line.ts';
import { carrierBillingRules, carrierCounterKey } from './purchase.ts';

export type GetLineBalancesInput = { number: string };

export type BalanceView = { account: string; unit: string; balance: number; reserved: number; available: number; floor: number | null };

export type LineBalancesView = {
  number: string;
  currency: string;
  accounts: BalanceView[];
  /** Postpaid mobile purchase limit of the current month (S0.6), or null. */
  purchaseLimit: { month: string; limit: number; used: number; reserved: number } | null;
  /** Carrier-billing spend counted against the monthly cap (S0.8). */
  carrierBilling: { month: string; used: number; perMonth: number | null; perTransaction: number | null };
};

export async function getLineBalances(deps: CoreDeps, input: GetLineBalancesInput): Promise<LineBalancesView> {
  const { line, lineId } = await requireMoneyLine(deps, input.number);
  const month = monthOf(deps.clock.now(), deps.profile.timeZone);
  const accounts = await listLineAccounts(deps.db, lineId);
  const limit = line.payment_type === 'postpaid' ? findTariff(deps.profile, line.tariff_id)?.purchaseLimit : undefined;
  const limitAccount = accounts.find((a) => a.kind === purchaseLimitKind(month));
  const rules = carrierBillingRules(deps.profile);
  return {
    number: line.number,
    currency: deps.profile.currency.code,
    accounts: accounts.map((a) => ({
      account: a.kind,
      unit: a.unit,
      balance: a.balance,
      reserved: a.reserved,
      available: a.balance - a.reserved,
      floor: a.floor,
    })),
    purchaseLimit:
      limit === undefined
        ? null
        : { month, limit, used: limitAccount ? -limitAccount.balance : 0, reserved: limitAccount ? limitAccount.reserved : 0 },
    carrierBilling: {
      month,
      used: await counterValue(deps.db, carrierCounterKey(lineId, month)),
      perMonth: rules.perMonth ?? null,
      perTransaction: rules.perTransaction ?? null,
    },
  };
}
