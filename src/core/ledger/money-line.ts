/** The line a money request is about, with its main account: shared by the money use cases. */
import type { LineRow } from '../../db/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { lineAccountId } from './account.repository.ts';

export type MoneyLine = { line: LineRow; lineId: number; mainAccountId: number };

/** Finds the line by number and its main account, or fails with `line_not_found`. */
export async function requireMoneyLine(deps: CoreDeps, number: string): Promise<MoneyLine> {
  const line = await requireLine(deps, number);
  const lineId = Number(line.id);
  const mainAccountId = await lineAccountId(deps.db, lineId, 'main');
  if (mainAccountId === undefined) throw new AppError('line_not_found', `line ${line.number} has no main account`, { number: line.number });
  return { line, lineId, mainAccountId };
}

export type MoneyAccount = { lineId: number; number: string; mainAccountId: number };

const accountCache = new WeakMap<CoreDeps['db'], Map<string, MoneyAccount>>();

/**
 * The line id and main account of a number as typed, cached per database: both never change once
 * created, so the hot paths (top-up, charge) skip two queries and the number parsing.
 */
export async function resolveMoneyAccount(deps: CoreDeps, number: string): Promise<MoneyAccount> {
  let cache = accountCache.get(deps.db);
  if (!cache) {
    cache = new Map();
    accountCache.set(deps.db, cache);
  }
  const hit = cache.get(number);
  if (hit) return hit;
  const { line, lineId, mainAccountId } = await requireMoneyLine(deps, number);
  const found = { lineId, number: line.number, mainAccountId };
  if (cache.size > 100_000) cache.clear();
  cache.set(number, found);
  return found;
}

/** The largest amount one request may move (minor units or points): far above any real payment. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** Refuses an amount that is not a positive integer of at most `MAX_AMOUNT` (the HTTP schema says the same). */
export function requireAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_AMOUNT) {
    throw new AppError('invalid_input', `bad amount ${amount}`, {}, [
      { path: 'amount', message: `a whole number from 1 to ${MAX_AMOUNT}` },
    ]);
  }
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar month (`2026-11`) of an instant in the operator's time zone. */
export function monthOf(at: Date, timeZone: string): string {
  let format = monthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    monthFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value ?? '0000';
  const month = parts.find((p) => p.type === 'month')?.value ?? '00';
  return `${year}-${month}`;
}
