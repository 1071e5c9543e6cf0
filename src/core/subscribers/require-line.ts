/** Finds the line a request is about, or fails with the error every channel understands. */
import type { LineRow } from '../../db/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { findLineByNumber } from './line.repository.ts';
import { toE164 } from './phone-number.ts';

export async function requireLine(deps: Pick<CoreDeps, 'db' | 'profile'>, number: string): Promise<LineRow> {
  const e164 = toE164(number, deps.profile.country);
  const line = await findLineByNumber(deps.db, e164);
  if (!line) throw new AppError('line_not_found', `no line ${e164}`, { number: e164 });
  return line;
}

/** The eligibility view of a line. */
export function lineProfile(line: LineRow) {
  return { segment: line.segment, paymentType: line.payment_type, lineType: line.line_type };
}
