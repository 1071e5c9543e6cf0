/** One card payment of a line, as its owner sees it (the return page polls it until it is settled). */
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { findPayment } from './payment.repository.ts';
import { paymentView, type PaymentView } from './payment-view.ts';

export type GetPaymentInput = { number: string; paymentId: string; language: Language };

export async function getPayment(deps: CoreDeps, input: GetPaymentInput): Promise<PaymentView> {
  const line = await requireLine(deps, input.number);
  const row = await findPayment(deps.db, input.paymentId);
  if (!row || row.line_id !== Number(line.id)) throw new AppError('payment_not_found', `no payment ${input.paymentId} on ${line.number}`);
  return paymentView(deps, row, input.language);
}
