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

/** The calendar month (`2026-11`) of an instant in the operator's time zone. */
export function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value ?? '0000';
  const month = parts.find((p) => p.type === 'month')?.value ?? '00';
  return `${year}-${month}`;
}
