/**
 * The subset of Stripe's event JSON Kabinet reads: `payment_intent.succeeded`,
 * `payment_intent.payment_failed`, `payment_intent.canceled` and `checkout.session.expired`, with
 * Kabinet's payment id in `metadata.kabinet_payment_id` (or the session's `client_reference_id`).
 * Both the Stripe adapter and the simulated provider (whose hosted page sends the same JSON) use it.
 */
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import type { PaymentEvent } from '../core/payments/payment-provider.ts';

const Card = z.looseObject({ brand: z.string().max(40), last4: z.string().regex(/^\d{4}$/) });
const ChargeObject = z.looseObject({
  id: z.string().max(255),
  amount: z.number().int(),
  currency: z.string().max(10),
  paid: z.boolean().optional(),
  status: z.string().max(40).optional(),
  payment_method_details: z.looseObject({ card: Card.nullish() }).nullish(),
});
const Metadata = z.record(z.string(), z.string()).nullish();

export const PaymentIntentObject = z.looseObject({
  id: z.string().max(255),
  object: z.literal('payment_intent'),
  amount: z.number().int(),
  amount_received: z.number().int().optional(),
  currency: z.string().max(10),
  status: z.string().max(40),
  metadata: Metadata,
  /** An id as Stripe sends it; the simulator sends the charge itself. */
  latest_charge: z.union([z.string().max(255), ChargeObject]).nullish(),
  last_payment_error: z
    .looseObject({
      code: z.string().max(100).nullish(),
      decline_code: z.string().max(100).nullish(),
      payment_method: z.looseObject({ card: Card.nullish() }).nullish(),
    })
    .nullish(),
});
export type PaymentIntentObject = z.infer<typeof PaymentIntentObject>;

const CheckoutSessionObject = z.looseObject({
  id: z.string().max(255),
  object: z.literal('checkout.session'),
  client_reference_id: z.string().max(255).nullish(),
  amount_total: z.number().int().nullish(),
  currency: z.string().max(10).nullish(),
  metadata: Metadata,
});

export const StripeEvent = z.looseObject({
  id: z.string().max(255),
  object: z.literal('event'),
  type: z.string().max(100),
  data: z.looseObject({ object: z.looseObject({ object: z.string() }) }),
});
export type StripeEvent = z.infer<typeof StripeEvent>;

export type ChargeObject = z.infer<typeof ChargeObject>;
export { ChargeObject, CheckoutSessionObject };

export const PAYMENT_ID_METADATA = 'kabinet_payment_id';

export function cardOf(card: z.infer<typeof Card> | null | undefined): { brand: string; last4: string } | null {
  return card ? { brand: card.brand, last4: card.last4 } : null;
}

/**
 * The payment event of a verified Stripe-format event, `null` for a type Kabinet does not act on.
 * A success is settled from the charge `chargeOf` returns (the Stripe adapter asks the API for it,
 * so the amount credited is the one Stripe holds, not the one in the notification).
 */
export async function paymentEventOf(
  event: StripeEvent,
  chargeOf: (intent: PaymentIntentObject) => Promise<ChargeObject | null>,
): Promise<PaymentEvent | null> {
  if (event.type === 'checkout.session.expired') {
    const session = CheckoutSessionObject.parse(event.data.object);
    const paymentId = session.metadata?.[PAYMENT_ID_METADATA] ?? session.client_reference_id;
    if (!paymentId) return null;
    return {
      eventId: event.id,
      type: 'canceled',
      paymentId,
      providerRef: session.id,
      amountMinor: session.amount_total ?? 0,
      currency: (session.currency ?? '').toUpperCase(),
      card: null,
      failureCode: 'expired',
    };
  }
  const type = INTENT_EVENTS[event.type];
  if (!type) return null;
  const intent = PaymentIntentObject.parse(event.data.object);
  const paymentId = intent.metadata?.[PAYMENT_ID_METADATA];
  if (!paymentId) return null;
  const base = { eventId: event.id, type, paymentId, providerRef: intent.id, currency: intent.currency.toUpperCase() };
  if (type !== 'succeeded') {
    const error = intent.last_payment_error;
    return {
      ...base,
      amountMinor: intent.amount,
      card: cardOf(error?.payment_method?.card),
      failureCode: type === 'canceled' ? 'canceled' : (error?.decline_code ?? error?.code ?? 'failed'),
    };
  }
  const charge = await chargeOf(intent);
  if (!charge || charge.paid === false || (charge.status !== undefined && charge.status !== 'succeeded')) {
    throw new AppError('payment_mismatch', `success event ${event.id} for ${intent.id} without a paid charge`);
  }
  return {
    ...base,
    amountMinor: charge.amount,
    currency: charge.currency.toUpperCase(),
    card: cardOf(charge.payment_method_details?.card),
    failureCode: null,
  };
}

const INTENT_EVENTS: Record<string, PaymentEvent['type'] | undefined> = {
  'payment_intent.succeeded': 'succeeded',
  'payment_intent.payment_failed': 'failed',
  'payment_intent.canceled': 'canceled',
};
