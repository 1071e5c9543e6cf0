/**
 * `kabinet seed`: plausible synthetic customers, lines and subscriptions for load tests.
 * Deterministic for a given seed. Individual customers have one line; about one customer in
 * fifty is a company with 2 to 20 lines. Each line gets an eligible tariff, some eligible
 * services, an opening balance (a real transfer) and a tariff history row.
 */
import { ineligibilityReasons, type LineProfile } from '../core/catalog/eligibility.ts';
import { operatorAccountId, OPERATOR_ACCOUNTS } from '../core/ledger/account.repository.ts';
import type { Storage } from '../db/connect.ts';
import type { Profile, Tariff } from '../profiles/profile.ts';
import { LINE_TYPES, PAYMENT_TYPES, SEGMENTS } from '../profiles/schema.ts';
import { mainBalanceFloor } from './demo.ts';
import { finish, maxNumberWithPrefix, nextIds, recomputeBalance, writeBatch, type BulkBatch, type Row } from './bulk.repository.ts';

export type SeedOptions = { subscribers: number; seed?: number; batchSize?: number; now?: Date; onProgress?: (done: number) => void };
export type SeedResult = { subscribers: number; customers: number; seconds: number };

/** National prefixes of synthetic numbers per country, chosen away from the demo numbers. */
const NUMBER_PLANS: Record<string, { prefix: string; digits: number }> = {
  RU: { prefix: '+7920', digits: 7 },
  HU: { prefix: '+3620', digits: 7 },
};

const FIRST = [
  'Anna',
  'Ivan',
  'Olga',
  'Péter',
  'Dóra',
  'Sergey',
  'Maria',
  'László',
  'Elena',
  'Dmitry',
  'Zsófia',
  'Reza',
  'Nina',
  'Gábor',
  'Alexey',
  'Sara',
];
const LAST = ['Ivanova', 'Kovács', 'Petrov', 'Nagy', 'Smirnova', 'Tóth', 'Sokolov', 'Szabó', 'Volkova', 'Horváth', 'Karimi', 'Kuznetsov'];
const COMPANIES = ['Logistics', 'Trade', 'Build', 'Pharma', 'Media', 'Agro', 'Soft', 'Retail'];

export async function seedSynthetic(storage: Storage, profile: Profile, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const batchSize = options.batchSize ?? 20_000;
  const at = (options.now ?? new Date()).toISOString();
  const plan = NUMBER_PLANS[profile.country];
  if (!plan) throw new Error(`no synthetic number plan for country ${profile.country}`);

  const combos = eligibleCombos(profile);
  if (combos.length === 0) throw new Error(`profile ${profile.id} has no tariff any line could have`);
  const consumerCombos = combos.filter((c) => c.who.segment === 'consumer');
  const corporateCombos = combos.filter((c) => c.who.segment === 'corporate');
  const vipCombos = combos.filter((c) => c.who.segment === 'vip');

  const opening = await operatorAccountId(storage.db, OPERATOR_ACCOUNTS.openingBalances, profile.currency.code, at);
  const ids = await nextIds(storage);
  const lastNumber = await maxNumberWithPrefix(storage, plan.prefix);
  let serial = lastNumber ? Number(lastNumber.slice(plan.prefix.length)) + 1 : 10 ** (plan.digits - 1);
  if (serial + options.subscribers >= 10 ** plan.digits) throw new Error(`number range ${plan.prefix} is full`);

  let batch: Required<BulkBatch> = emptyBatch();
  let lines = 0;
  let customers = 0;
  let pending = 0;
  const flush = async () => {
    await writeBatch(storage, batch);
    batch = emptyBatch();
    pending = 0;
    options.onProgress?.(lines);
  };

  while (lines < options.subscribers) {
    const corporate = corporateCombos.length > 0 && random() < 0.02;
    const lineCount = corporate ? Math.min(2 + Math.floor(random() * 19), options.subscribers - lines) : 1;
    const customerId = ids.customer++;
    customers++;
    const name = corporate ? `${pick(LAST)} ${pick(COMPANIES)} LLC` : `${pick(FIRST)} ${pick(LAST)}`;
    batch.customers.push([customerId, corporate ? 'corporate' : 'individual', name, null, at]);
    const vip = !corporate && vipCombos.length > 0 && random() < 0.02;
    for (let i = 0; i < lineCount; i++) {
      const combo = pick(corporate ? corporateCombos : vip ? vipCombos : consumerCombos.length > 0 ? consumerCombos : combos);
      const tariff = pick(combo.tariffs);
      const lineId = ids.line++;
      const number = `${plan.prefix}${String(serial++).padStart(plan.digits, '0')}`;
      const balance = combo.who.paymentType === 'prepaid' ? Math.floor(random() * 100_000) : Math.floor(random() * 50_000) - 10_000;
      batch.lines.push([
        lineId,
        customerId,
        number,
        combo.who.segment,
        combo.who.paymentType,
        combo.who.lineType,
        'active',
        profile.defaultLanguage,
        tariff.id,
        at,
        at,
      ]);
      batch.tariff_history.push([lineId, tariff.id, at, null]);
      for (const service of combo.services) {
        if (!service.excludedTariffs.includes(tariff.id) && random() < 0.3) batch.line_services.push([lineId, service.id, at, null]);
      }
      const accountId = ids.account++;
      batch.accounts.push([accountId, lineId, 'main', profile.currency.code, balance, mainBalanceFloor(combo.who.paymentType), at]);
      if (balance !== 0) {
        batch.transfers.push(
          balance > 0
            ? [opening, accountId, balance, 'opening-balance', 'synthetic opening balance', at]
            : [accountId, opening, -balance, 'opening-balance', 'synthetic opening balance', at],
        );
      }
      lines++;
      pending++;
    }
    if (pending >= batchSize) await flush();
  }
  if (pending > 0) await flush();
  await recomputeBalance(storage, opening);
  await finish(storage);
  return { subscribers: lines, customers, seconds: (performance.now() - started) / 1000 };
}

type Combo = { who: LineProfile; tariffs: Tariff[]; services: Profile['services'] };

/** Every (segment, payment type, line type) that has at least one tariff, with its eligible offers. */
function eligibleCombos(profile: Profile): Combo[] {
  const combos: Combo[] = [];
  for (const segment of SEGMENTS)
    for (const paymentType of PAYMENT_TYPES)
      for (const lineType of LINE_TYPES) {
        const who = { segment, paymentType, lineType };
        const tariffs = profile.tariffs.filter((t) => !t.archived && ineligibilityReasons(t.eligibility, who).length === 0);
        if (tariffs.length === 0) continue;
        combos.push({ who, tariffs, services: profile.services.filter((s) => ineligibilityReasons(s.eligibility, who).length === 0) });
      }
  return combos;
}

function emptyBatch(): Required<BulkBatch> {
  return { customers: [] as Row[], lines: [], tariff_history: [], line_services: [], accounts: [], transfers: [] };
}

/** A small, fast, seedable PRNG (not for secrets). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
