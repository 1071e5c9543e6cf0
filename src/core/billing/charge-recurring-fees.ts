/**
 * Charges tariff and service fees for the current period (a local day or month in the operator's
 * time zone). Exactly once per line, subscription item and period: the `fee_charges` row is claimed
 * first and the money moves in the same transaction, so retries, restarts and two processes
 * running at once cannot charge twice. A fee the balance cannot cover leaves the row `unpaid`
 * (retried by later runs while the period lasts) and blocks the line if the profile says so.
 */
import { findService, findTariff, localize } from '../../profiles/profile.ts';
import type { Period } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { lineBalances } from '../ledger/account.repository.ts';
import { chargeLine } from '../ledger/charge-line.ts';
import { lineLanguage } from '../notifications/notify-line.ts';
import { blockWhenUnpaid } from './billing-rules.ts';
import {
  claimFeePeriod,
  claimUnpaidFee,
  listActiveLines,
  listFeeCharges,
  listOpenServices,
  markFeeCharged,
  type BillableLine,
} from './billing.repository.ts';
import { label } from './labels.ts';
import { recordCharge } from './record-charge.ts';
import { retryTransaction } from './retry-transaction.ts';
import { blockForFunds } from './line-funds.ts';
import { dayKey, localDate, monthKey, periodOf } from './period.ts';

export type FeeItem = {
  item: string;
  amount: number;
  period: Period;
  name: string;
  kind: 'tariff' | 'service';
  /** When the subscription item began: the period it began in is not charged. */
  since: string;
};

export type RecurringFeesResult = { lines: number; charged: number; unpaid: number; blocked: number };

/** The fee items a line owes: its tariff and its services with a fee (services included in the tariff are free). */
export function feeItems(deps: CoreDeps, line: BillableLine, services: { id: string; since: string }[]): FeeItem[] {
  const { profile } = deps;
  const language = lineLanguage(profile, line.language);
  const items: FeeItem[] = [];
  const tariff = findTariff(profile, line.tariff_id);
  if (tariff && tariff.fee.amount > 0) {
    items.push({
      item: 'tariff',
      amount: tariff.fee.amount,
      period: tariff.fee.period,
      name: localize(tariff.names, language, profile.defaultLanguage),
      kind: 'tariff',
      since: line.tariffSince,
    });
  }
  for (const { id, since } of services) {
    const service = findService(profile, id);
    if (!service?.fee || service.fee.amount <= 0 || tariff?.includedServices.includes(id)) continue;
    items.push({
      item: `service:${id}`,
      amount: service.fee.amount,
      period: service.fee.period,
      name: localize(service.names, language, profile.defaultLanguage),
      kind: 'service',
      since,
    });
  }
  return items;
}

export async function chargeRecurringFees(deps: CoreDeps, pageSize = 200): Promise<RecurringFeesResult> {
  const result: RecurringFeesResult = { lines: 0, charged: 0, unpaid: 0, blocked: 0 };
  const now = deps.clock.now();
  const today = localDate(now, deps.profile.timeZone);
  const keys: Record<Period, string> = { day: dayKey(today), month: monthKey(today) };
  const starts: Record<Period, string> = {
    day: periodOf(now, 'day', deps.profile.timeZone).start.toISOString(),
    month: periodOf(now, 'month', deps.profile.timeZone).start.toISOString(),
  };
  let after = 0;
  for (;;) {
    const lines = await listActiveLines(deps.db, after, pageSize);
    if (lines.length === 0) return result;
    after = lines[lines.length - 1]!.id;
    const services = new Map<number, { id: string; since: string }[]>();
    for (const s of await listOpenServices(
      deps.db,
      lines.map((l) => l.id),
    )) {
      services.set(s.line_id, [...(services.get(s.line_id) ?? []), { id: s.service_id, since: s.activated_at }]);
    }
    for (const line of lines) {
      result.lines++;
      // The period in which an item began is free: fees start with the first whole period.
      const items = feeItems(deps, line, services.get(line.id) ?? []).filter((i) => i.since < starts[i.period]);
      if (items.length === 0) continue;
      const states = await listFeeCharges(deps.db, line.id, [...new Set(items.map((i) => keys[i.period]))]);
      const todo = items.filter((i) => !states.some((s) => s.item === i.item && s.period === keys[i.period] && s.status === 'charged'));
      if (todo.length === 0) continue;
      await chargeLineFees(deps, line, todo, keys, result);
    }
  }
}

async function chargeLineFees(
  deps: CoreDeps,
  line: BillableLine,
  items: FeeItem[],
  keys: Record<Period, string>,
  total: RecurringFeesResult,
): Promise<void> {
  const { profile } = deps;
  // Counted per attempt and added once it committed.
  const tally = await retryTransaction(() =>
    deps.db.transaction().execute(async (trx) => {
      const result: Omit<RecurringFeesResult, 'lines'> = { charged: 0, unpaid: 0, blocked: 0 };
      const now = deps.clock.now();
      const at = now.toISOString();
      const language = lineLanguage(profile, line.language);
      for (const fee of items) {
        const period = keys[fee.period];
        const claimed =
          (await claimFeePeriod(trx, { lineId: line.id, item: fee.item, period, amount: fee.amount, at })) ??
          (await claimUnpaidFee(trx, line.id, fee.item, period, at));
        if (claimed === undefined) continue; // charged by another run or process
        const description = `${label(fee.kind === 'tariff' ? 'tariffFee' : 'serviceFee', language)} «${fee.name}» ${period}`;
        const balance = await chargeLine(trx, profile, line.id, fee.amount, `${fee.kind}-fee`, description, at);
        if (balance === null) {
          result.unpaid++;
          // A refused charge wrote nothing: the balances read now are the ones it found.
          if (
            blockWhenUnpaid(profile) &&
            (await lineBalances(trx, line.id)).mainFloor !== null &&
            (await blockForFunds(trx, deps, line, `unpaid ${fee.item} ${period}`, now))
          ) {
            result.blocked++;
          }
          return result; // nothing more is charged to a line that cannot pay
        }
        await markFeeCharged(trx, claimed, at);
        result.charged++;
        await recordCharge(trx, profile, line, { amount: fee.amount, balance, spendKind: 'fee', description, at: now });
      }
      return result;
    }),
  );
  total.charged += tally.charged;
  total.unpaid += tally.unpaid;
  total.blocked += tally.blocked;
}
