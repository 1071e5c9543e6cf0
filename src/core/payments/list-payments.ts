/** The latest card payments of a line, newest first. */
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { listPaymentsOfLine } from './payment.repository.ts';
import { paymentView, type PaymentView } from './payment-view.ts';

export type ListPaymentsInput = { number: string; limit: number; language: Language };

export async function listPayments(deps: CoreDeps, input: ListPaymentsInput): Promise<PaymentView[]> {
  const line = await requireLine(deps, input.number);
  const rows = await listPaymentsOfLine(deps.db, Number(line.id), input.limit);
  return rows.map((row) => paymentView(deps, row, input.language));
}
