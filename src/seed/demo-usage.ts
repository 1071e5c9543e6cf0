/**
 * Demo usage (S2.3, S4.4): each demo line with a typical month of use (`usage` in demo.yaml) gets
 * that use for the last three full months and for this month so far, ingested, rated and charged
 * like any usage. A demo card top-up of the same amount comes first, so every balance ends where the
 * profile says and the home screen has a spend chart, a last payment, a last debit and tariff advice.
 */
import type { Actor, CoreDeps } from '../core/context.ts';
import { localDate, localKeys, startOfLocalDay } from '../core/billing/period.ts';
import { costOnTariff, daysInMonth, type MonthUsage } from '../core/catalog/tariff-cost.ts';
import { topUpBalance } from '../core/ledger/top-up-balance.ts';
import { toE164 } from '../core/subscribers/phone-number.ts';
import { ingestUsage } from '../core/usage/ingest-usage.ts';
import type { UsageInput } from '../core/usage/usage-input.ts';
import { findTariff } from '../profiles/profile.ts';

export type DemoUsageResult = { lines: number; records: number };

/** Full months of history before the current one. */
const HISTORY_MONTHS = 3;
const CALL_SECONDS = [180, 420, 240, 360, 300]; // 5 minutes on average
const SESSION_MB = 200; // per data session
const ACTOR: Actor = { type: 'system', id: 'demo-usage', channel: 'api' };

type Month = { year: number; month: number };
type Typical = { voiceMinutes: number; sms: number; dataMb: number };

/** The records of one month of `typical` use, spread over its days, none after `now`. */
export function demoMonthUsage(number: string, typical: Typical, m: Month, now: Date, timeZone: string, seed: number): UsageInput[] {
  const key = `${m.year}-${String(m.month).padStart(2, '0')}`;
  const days = daysInMonth(key);
  const at = (i: number, hour: number) => {
    // A different day and hour for each record, the same every time the demo loads.
    const day = 1 + ((i * 7 + seed * 3) % days);
    const start = startOfLocalDay({ year: m.year, month: m.month, day }, timeZone);
    return new Date(start.getTime() + (hour + ((i * 5 + seed) % 12)) * 3_600_000 + ((i * 13) % 60) * 60_000);
  };
  const records: UsageInput[] = [];
  const counterparty = (i: number) => `+7916${String(1_000_000 + ((i * 7919 + seed) % 9_000_000)).padStart(7, '0')}`;
  const calls = Math.round(typical.voiceMinutes / 5);
  for (let i = 0; i < calls; i++) {
    records.push({ number, type: 'voice', counterparty: counterparty(i), start: at(i, 8).toISOString(), seconds: CALL_SECONDS[i % 5]! });
  }
  for (let i = 0; i < typical.sms; i++) {
    records.push({ number, type: 'sms', counterparty: counterparty(i + 11), start: at(i + 3, 9).toISOString(), count: 1 });
  }
  const sessions = Math.round(typical.dataMb / SESSION_MB);
  for (let i = 0; i < sessions; i++) {
    records.push({ number, type: 'data', start: at(i + 5, 7).toISOString(), kilobytes: SESSION_MB * 1024 });
  }
  return records.filter((r) => new Date(r.start).getTime() <= now.getTime()).sort((a, b) => a.start.localeCompare(b.start));
}

/** Loads the demo usage of every active demo line that has a typical month; call once, right after `loadDemoData`. */
export async function loadDemoUsage(deps: CoreDeps): Promise<DemoUsageResult> {
  const { profile } = deps;
  const now = deps.clock.now();
  const today = localDate(now, profile.timeZone);
  const months: Month[] = [];
  for (let k = HISTORY_MONTHS; k >= 0; k--) {
    const index = today.year * 12 + today.month - 1 - k;
    months.push({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  }
  const keysOf = localKeys(profile.timeZone);
  const result: DemoUsageResult = { lines: 0, records: 0 };
  const records: UsageInput[] = [];
  let seed = 0;
  for (const customer of profile.demo) {
    for (const line of customer.lines) {
      seed++;
      const tariff = findTariff(profile, line.tariff);
      if (!line.usage || line.status !== 'active' || !tariff) continue;
      const number = toE164(line.number, profile.country);
      const all = months.flatMap((m) => demoMonthUsage(number, line.usage!, m, now, profile.timeZone, seed));
      if (all.length === 0) continue;
      // What the usage will cost (the same rating as ingestion), paid in first by card.
      const rated: MonthUsage[] = all.map((r) => ({
        month: keysOf(new Date(r.start)).month,
        kind: r.type,
        quantity: r.type === 'voice' ? r.seconds! : r.type === 'data' ? r.kilobytes! : (r.count ?? 1),
      }));
      const cost = costOnTariff(profile, tariff, [], rated, []).usage;
      const digits = number.slice(1);
      if (cost > 0) {
        await topUpBalance(
          deps,
          {
            number,
            amount: cost,
            source: 'card',
            externalRef: `demo-${digits}`,
            language: profile.defaultLanguage,
            idempotencyKey: `demo-usage-top-up-${digits}`,
          },
          ACTOR,
        );
      }
      records.push(...all);
      result.lines++;
      result.records += all.length;
    }
  }
  // One batch (one transaction) for every line: the server starts listening sooner.
  if (records.length > 0) await ingestUsage(deps, { batchKey: 'demo-usage', source: 'api', records });
  return result;
}
