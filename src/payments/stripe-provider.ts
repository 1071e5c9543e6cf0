/**
 * Stripe through its official SDK. A payment is a Checkout Session (Stripe's hosted page: card data
 * goes from the browser to Stripe only) whose PaymentIntent carries Kabinet's payment id in its
 * metadata. Webhooks are verified by `stripe.webhooks.constructEvent`; a success is settled from
 * the charge as the Stripe API reports it, not from the notification's own figures.
 */
import Stripe from 'stripe';
import { AppError } from '../core/errors.ts';
import type {
  CreatePaymentInput,
  CreatedPayment,
  PaymentEvent,
  PaymentProvider,
  ProviderPaymentStatus,
} from '../core/payments/payment-provider.ts';
import { ChargeObject, paymentEventOf, PAYMENT_ID_METADATA, StripeEvent } from './stripe-event.ts';
import { headerValue, SIGNATURE_TOLERANCE_SECONDS } from './stripe-signature.ts';

export type StripeProviderOptions = {
  secretKey: string;
  webhookSecret: string;
  /** Another API base (a Stripe mock): `http://127.0.0.1:12111`. */
  apiBase?: string | undefined;
};

const CHECKOUT_LOCALES = new Set(['en', 'ru', 'hu']);

export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(private readonly options: StripeProviderOptions) {
    const base = options.apiBase ? new URL(options.apiBase) : undefined;
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 2,
      timeout: 15_000,
      telemetry: false,
      ...(base
        ? {
            host: base.hostname,
            port: base.port === '' ? (base.protocol === 'https:' ? 443 : 80) : Number(base.port),
            protocol: base.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const metadata = { [PAYMENT_ID_METADATA]: input.paymentId };
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: input.paymentId,
        metadata,
        payment_intent_data: { metadata, description: input.description },
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: input.currency.toLowerCase(),
              unit_amount: input.amountMinor,
              product_data: { name: input.description },
            },
          },
        ],
        success_url: input.returnUrl,
        cancel_url: input.returnUrl,
        locale: CHECKOUT_LOCALES.has(input.language) ? input.language : 'auto',
      },
      { idempotencyKey: input.idempotencyKey },
    );
    if (!session.url) throw new Error(`checkout session ${session.id} has no URL`);
    return { providerRef: session.id, redirectUrl: session.url };
  }

  async verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<PaymentEvent | null> {
    let event: StripeEvent;
    try {
      const verified = this.stripe.webhooks.constructEvent(
        rawBody,
        headerValue(headers, 'stripe-signature') ?? '',
        this.options.webhookSecret,
        SIGNATURE_TOLERANCE_SECONDS,
      );
      event = StripeEvent.parse(verified);
    } catch {
      throw new AppError('webhook_signature_invalid', 'stripe: constructEvent refused the webhook');
    }
    return paymentEventOf(event, async (intent) => {
      const chargeId = typeof intent.latest_charge === 'string' ? intent.latest_charge : intent.latest_charge?.id;
      if (!chargeId) return null;
      const charge = await this.stripe.charges.retrieve(chargeId);
      return ChargeObject.parse(charge);
    });
  }

  async retrieve(providerRef: string): Promise<ProviderPaymentStatus> {
    if (providerRef.startsWith('ch_')) {
      const charge = await this.stripe.charges.retrieve(providerRef);
      const status = charge.status === 'succeeded' && charge.paid ? 'succeeded' : charge.status === 'failed' ? 'failed' : 'pending';
      return { status, amountMinor: charge.amount, currency: charge.currency.toUpperCase() };
    }
    const session = await this.stripe.checkout.sessions.retrieve(providerRef);
    const status = session.payment_status === 'paid' ? 'succeeded' : session.status === 'expired' ? 'canceled' : 'pending';
    return { status, amountMinor: session.amount_total ?? 0, currency: (session.currency ?? '').toUpperCase() };
  }
}
