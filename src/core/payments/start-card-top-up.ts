/**
 * Starts a top-up by bank card: checks the amount against the operator's card limits, records a
 * pending payment (once per Idempotency-Key) and asks the payment provider for its hosted page,
 * where the browser goes next. No money moves until the provider's signed webhook says it was paid.
 */
import crypto from 'node:crypto';
import type { Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { requireMoneyLine } from '../ledger/money-line.ts';
import { moneyView } from '../money.ts';
import { cardTopUpLimits } from './card-top-up-limits.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { findPaymentByRequestKey, insertPayment, setPaymentRedirect, type PaymentRow } from './payment.repository.ts';
import { paymentView, type PaymentView } from './payment-view.ts';

export type StartCardTopUpInput = {
  number: string;
  amount: number;
  language: Language;
  idempotencyKey: string;
  /** The page the browser comes back to after paying, for this payment id. */
  returnUrlOf: (paymentId: string) => string;
  /** Where the provider posts its events (`/api/v1/payments/webhooks/:provider`), for this provider name. */
  webhookUrlOf: (provider: string) => string;
};

export async function startCardTopUp(
  deps: PaymentDeps,
  input: StartCardTopUpInput,
  actor: Actor,
): Promise<{ payment: PaymentView; replayed: boolean }> {
  const limits = cardTopUpLimits(deps.profile);
  if (!Number.isSafeInteger(input.amount) || input.amount < limits.min || input.amount > limits.max) {
    const currency = deps.profile.currency;
    throw new AppError('amount_out_of_range', `card top-up of ${input.amount}`, {
      min: moneyView(limits.min, currency, input.language).text,
      max: moneyView(limits.max, currency, input.language).text,
    });
  }
  const { line, lineId } = await requireMoneyLine(deps, input.number);
  const provider = deps.payments.active;
  const requestKey = `${lineId}:${input.idempotencyKey}`;
  const now = deps.clock.now().toISOString();
  const id = `pay_${crypto.randomBytes(12).toString('hex')}`;
  const fresh = await insertPayment(deps.db, {
    id,
    line_id: lineId,
    number: line.number,
    provider: provider.name,
    amount: input.amount,
    currency: limits.currency,
    request_key: requestKey,
    created_at: now,
  });
  const row = await findPaymentByRequestKey(deps.db, requestKey);
  if (!row) throw new Error(`payment of request ${requestKey} vanished`);
  if (!fresh && row.amount !== input.amount) {
    throw new AppError('idempotency_mismatch', `key ${input.idempotencyKey} reused with another amount`);
  }
  if (fresh) {
    await writeAudit(deps.db, actor, deps.clock.now(), {
      action: 'payment.start',
      subjectType: 'payment',
      subjectId: row.id,
      lineId,
      before: null,
      after: { status: 'pending', amount: row.amount, currency: row.currency, provider: row.provider },
    });
  }
  const ready = row.provider_ref !== null && row.redirect_url !== null ? row : await askProvider(deps, row, input);
  return { payment: paymentView(deps, ready, input.language), replayed: !fresh };
}

/** Creates the payment at its provider (idempotent by payment id, so a retried request does not pay twice). */
async function askProvider(deps: PaymentDeps, row: PaymentRow, input: StartCardTopUpInput): Promise<PaymentRow> {
  const provider = deps.payments.byName.get(row.provider);
  if (!provider) throw new AppError('payment_provider_unavailable', `payment ${row.id} is at ${row.provider}, not configured`);
  let created;
  try {
    created = await provider.createPayment({
      paymentId: row.id,
      amountMinor: row.amount,
      currency: row.currency,
      amountText: moneyView(row.amount, deps.profile.currency, input.language).text,
      merchant: deps.profile.name,
      description: `${deps.profile.brand} ${row.number}`,
      returnUrl: input.returnUrlOf(row.id),
      webhookUrl: input.webhookUrlOf(provider.name),
      language: input.language,
      idempotencyKey: `kabinet-${row.id}`,
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    deps.log.warn(
      { paymentId: row.id, provider: provider.name, reason: reason.slice(0, 200) },
      'payment provider refused to create a payment',
    );
    throw new AppError('payment_provider_unavailable', `${provider.name} createPayment failed for ${row.id}`);
  }
  const at = deps.clock.now().toISOString();
  await setPaymentRedirect(deps.db, row.id, created.providerRef, created.redirectUrl, at);
  return {
    ...row,
    provider_ref: row.provider_ref ?? created.providerRef,
    redirect_url: row.redirect_url ?? created.redirectUrl,
    updated_at: at,
  };
}
