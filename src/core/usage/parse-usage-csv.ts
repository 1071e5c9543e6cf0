/**
 * Reads a usage CSV file: a header row `number,type,counterparty,start,seconds,kilobytes` (count
 * optional, for SMS) and one record per row. Every bad row is reported with its line number.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../errors.ts';
import type { UsageInput } from './usage-input.ts';

export const USAGE_CSV_COLUMNS = ['number', 'type', 'counterparty', 'start', 'seconds', 'kilobytes'] as const;
const OPTIONAL = ['count'];

export type ParsedUsageCsv = { records: UsageInput[]; lineOf: number[] };

function wholeOrNull(text: string | undefined): number | null | undefined {
  if (text === undefined || text.trim() === '') return null;
  return /^[0-9]{1,12}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

export function parseUsageCsv(text: string): ParsedUsageCsv {
  let rows: string[][];
  try {
    const parsed: string[][] = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
    rows = parsed;
  } catch (error) {
    throw new AppError('invalid_input', `unreadable CSV: ${String(error)}`, {}, [
      { path: 'file', message: error instanceof Error ? error.message : 'not CSV' },
    ]);
  }
  const [header, ...body] = rows;
  const columns = (header ?? []).map((h) => h.toLowerCase());
  const missing = USAGE_CSV_COLUMNS.filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => !(USAGE_CSV_COLUMNS as readonly string[]).includes(c) && !OPTIONAL.includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    throw new AppError('invalid_input', 'bad CSV header', {}, [
      {
        path: 'line 1',
        message: `header must be ${USAGE_CSV_COLUMNS.join(',')}${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`,
      },
    ]);
  }
  const at = (name: string) => columns.indexOf(name);
  const records: UsageInput[] = [];
  const lineOf: number[] = [];
  const problems: { path: string; message: string }[] = [];
  body.forEach((row, i) => {
    const line = i + 2;
    if (row.length !== columns.length) {
      problems.push({ path: `line ${line}`, message: `expected ${columns.length} fields, got ${row.length}` });
      return;
    }
    const cell = (name: string) => (at(name) >= 0 ? row[at(name)] : undefined);
    const numbers = { seconds: wholeOrNull(cell('seconds')), kilobytes: wholeOrNull(cell('kilobytes')), count: wholeOrNull(cell('count')) };
    const bad = Object.entries(numbers).find(([, v]) => Number.isNaN(v));
    if (bad) {
      problems.push({ path: `line ${line}`, message: `${bad[0]} must be a whole number` });
      return;
    }
    records.push({
      number: cell('number') ?? '',
      type: (cell('type') ?? '') as UsageInput['type'],
      counterparty: cell('counterparty') ?? null,
      start: cell('start') ?? '',
      seconds: numbers.seconds,
      kilobytes: numbers.kilobytes,
      count: numbers.count,
    });
    lineOf.push(line);
  });
  if (problems.length > 0) throw new AppError('invalid_input', `${problems.length} bad CSV rows`, {}, problems.slice(0, 100));
  if (records.length === 0) throw new AppError('invalid_input', 'CSV without records', {}, [{ path: 'file', message: 'no records' }]);
  return { records, lineOf };
}
