/**
 * The port every card payment provider implements (Medusa's abstract payment provider, reduced to
 * what a top-up needs): start a payment the browser completes on the provider's hosted page, verify
 * the provider's signed notification, and ask for a payment's status. Card numbers and CVV stay at
 * the provider; Kabinet only ever sees brand and last four digits.
 */

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'canceled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export type CreatePaymentInput = {
  /** Kabinet's payment id: the provider returns it in every event (metadata) and uses it for idempotency. */
  paymentId: string;
  amountMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** The amount as the hosted page shows it (`1 000 ₽`). */
  amountText: string;
  /** Shown on the hosted page: merchant and what is paid. */
  merchant: string;
  description: string;
  /** Where the browser goes back after paying or cancelling. */
  returnUrl: string;
  /** Where the provider sends its signed events (used by providers that take it per payment). */
  webhookUrl: string;
  /** The language of the hosted page. */
  language: string;
  idempotencyKey: string;
};

export type CreatedPayment = { providerRef: string; redirectUrl: string };

/** A verified provider notification, reduced to what settling needs. */
export type PaymentEvent = {
  eventId: string;
  type: 'succeeded' | 'failed' | 'canceled';
  /** Kabinet's payment id as the provider echoes it (metadata). */
  paymentId: string;
  providerRef: string;
  amountMinor: number;
  currency: string;
  card: { brand: string; last4: string } | null;
  /** The provider's decline or error code (`card_declined`), never its free text. */
  failureCode: string | null;
};

export type ProviderPaymentStatus = { status: PaymentStatus; amountMinor: number; currency: string };

export interface PaymentProvider {
  /** `simulated`, `stripe`: the `:provider` of the webhook URL and the `provider` column. */
  readonly name: string;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /**
   * The event of a raw webhook body if its signature is valid, `null` for a genuine event of a type
   * Kabinet does not act on; throws `AppError('webhook_signature_invalid')` otherwise.
   */
  verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<PaymentEvent | null>;
  retrieve(providerRef: string): Promise<ProviderPaymentStatus>;
}

/** The providers this process talks to, by name, and which one new payments use. */
export type PaymentProviders = { active: PaymentProvider; byName: ReadonlyMap<string, PaymentProvider> };

export function paymentProviders(active: PaymentProvider, ...others: PaymentProvider[]): PaymentProviders {
  return { active, byName: new Map([active, ...others].map((p) => [p.name, p])) };
}
