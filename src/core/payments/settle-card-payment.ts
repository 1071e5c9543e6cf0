/**
 * Settles a card payment from a verified provider event, exactly once: a success credits the line
 * through `topUpBalance` under a key derived from the payment (so billing's `afterTopUp` runs and no
 * duplicate, concurrent or replayed event credits twice); a failure or cancellation ends a pending
 * payment; an event for a settled payment, or one whose amount or currency differ from the payment,
 * changes nothing.
 */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { topUpBalance } from '../ledger/top-up-balance.ts';
import type { PaymentDeps } from './payment-deps.ts';
import type { PaymentEvent } from './payment-provider.ts';
import { findPayment, markPaymentSucceeded, markPaymentUnsuccessful, type PaymentRow } from './payment.repository.ts';

export type SettleCardPaymentInput = { provider: string; event: PaymentEvent };

/** `credited`: this event moved the money; `settled`: it ended the payment without money; `unchanged`: nothing to do. */
export type SettleOutcome = 'credited' | 'settled' | 'unchanged';

/** Tries of a top-up whose key another delivery of the same event holds right now. */
const IN_FLIGHT_RETRIES = 50;

export async function settleCardPayment(deps: PaymentDeps, input: SettleCardPaymentInput): Promise<SettleOutcome> {
  const { event } = input;
  const actor: Actor = { type: 'gateway', id: input.provider, channel: 'system' };
  const payment = await findPayment(deps.db, event.paymentId);
  if (!payment || payment.provider !== input.provider) {
    deps.log.warn(
      { provider: input.provider, eventId: event.eventId, paymentId: event.paymentId },
      'payment event for an unknown payment ignored',
    );
    return 'unchanged';
  }
  if (payment.status === 'succeeded') return 'unchanged';
  if (event.type !== 'succeeded') {
    const ended = await markPaymentUnsuccessful(deps.db, payment.id, {
      status: event.type,
      failureCode: event.failureCode,
      card: event.card,
      at: deps.clock.now().toISOString(),
    });
    if (!ended) return 'unchanged';
    await audit(deps, actor, payment, event.type, { failureCode: event.failureCode, eventId: event.eventId });
    return 'settled';
  }
  if (event.amountMinor !== payment.amount || event.currency.toUpperCase() !== payment.currency) {
    deps.log.warn(
      {
        paymentId: payment.id,
        provider: input.provider,
        eventId: event.eventId,
        expectedAmount: payment.amount,
        expectedCurrency: payment.currency,
        gotAmount: event.amountMinor,
        gotCurrency: event.currency.toUpperCase(),
      },
      'payment event refused: amount or currency differ from the payment',
    );
    await writeAudit(deps.db, actor, deps.clock.now(), {
      action: 'payment.mismatch',
      subjectType: 'payment',
      subjectId: payment.id,
      lineId: payment.line_id,
      before: { amount: payment.amount, currency: payment.currency },
      after: { amount: event.amountMinor, currency: event.currency.toUpperCase(), eventId: event.eventId },
    });
    throw new AppError('payment_mismatch', `event ${event.eventId} for ${payment.id} does not match the payment`);
  }
  const topUp = await topUpOnce(deps, payment, event, actor);
  const marked = await markPaymentSucceeded(deps.db, payment.id, {
    transferId: topUp.transferId,
    providerRef: event.providerRef,
    card: event.card,
    at: deps.clock.now().toISOString(),
  });
  if (!marked) return 'unchanged';
  await audit(deps, actor, payment, 'succeeded', { transferId: topUp.transferId, eventId: event.eventId });
  return topUp.replayed ? 'settled' : 'credited';
}

async function topUpOnce(deps: PaymentDeps, payment: PaymentRow, event: PaymentEvent, actor: Actor) {
  for (let attempt = 0; ; attempt++) {
    try {
      const { result, replayed } = await topUpBalance(
        deps,
        {
          number: payment.number,
          amount: payment.amount,
          source: 'card',
          externalRef: event.providerRef,
          language: deps.profile.languages[0] ?? 'en',
          idempotencyKey: `card-payment:${payment.id}`,
        },
        actor,
      );
      return { transferId: result.transferId, replayed };
    } catch (error) {
      // Another delivery of this payment's success holds the key right now: wait for its answer.
      if (!(error instanceof AppError) || error.code !== 'idempotency_in_flight' || attempt >= IN_FLIGHT_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function audit(deps: PaymentDeps, actor: Actor, payment: PaymentRow, status: string, after: Record<string, unknown>): Promise<void> {
  await writeAudit(deps.db, actor, deps.clock.now(), {
    action: `payment.${status}`,
    subjectType: 'payment',
    subjectId: payment.id,
    lineId: payment.line_id,
    before: { status: payment.status },
    after: { status, ...after },
  });
}
