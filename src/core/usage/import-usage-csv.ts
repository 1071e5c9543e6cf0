/** Imports a usage CSV file as one batch: all rows or none; the batch key defaults to the file's SHA-256. */
import crypto from 'node:crypto';
import type { CoreDeps } from '../context.ts';
import { ingestUsage, type IngestUsageResult } from './ingest-usage.ts';
import { parseUsageCsv } from './parse-usage-csv.ts';

export type ImportUsageCsvInput = { text: string; batchKey?: string | undefined };

export async function importUsageCsv(deps: CoreDeps, input: ImportUsageCsvInput): Promise<IngestUsageResult> {
  const { records, lineOf } = parseUsageCsv(input.text);
  const batchKey = input.batchKey ?? `csv-sha256:${crypto.createHash('sha256').update(input.text).digest('hex')}`;
  return ingestUsage(deps, { batchKey, source: 'csv', records, rowName: (i) => `line ${lineOf[i]}` });
}
