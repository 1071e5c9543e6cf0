/**
 * The built-in simulated card payment provider for the demo: a payment is a signed session link to
 * the hosted-page simulator (a separate process, so card data never reaches Kabinet), which posts
 * Stripe-format signed webhooks back. Verification is Stripe's signature scheme with the shared secret.
 */
import crypto from 'node:crypto';
import { AppError } from '../core/errors.ts';
import type {
  CreatePaymentInput,
  CreatedPayment,
  PaymentEvent,
  PaymentProvider,
  ProviderPaymentStatus,
} from '../core/payments/payment-provider.ts';
import { sealSession } from './hosted-page-simulator/session.ts';
import { ChargeObject, paymentEventOf, StripeEvent } from './stripe-event.ts';
import { headerValue, verifyStripeSignature } from './stripe-signature.ts';

/** How long a hosted-page link stays valid. */
const SESSION_MINUTES = 30;

export type SimulatedProviderOptions = {
  /** Base URL of the hosted-page simulator as the browser and Kabinet reach it (`http://127.0.0.1:8090`). */
  pageUrl: string;
  /** Signs webhooks and session links; the simulator holds the same secret. */
  secret: string;
  now?: () => Date;
};

export class SimulatedPaymentProvider implements PaymentProvider {
  readonly name = 'simulated';
  private readonly now: () => Date;

  constructor(private readonly options: SimulatedProviderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    // The reference follows from the payment id: asking twice for one payment gives one session.
    const ref = `pi_sim_${crypto.createHmac('sha256', this.options.secret).update(input.paymentId).digest('hex').slice(0, 24)}`;
    const token = sealSession(this.options.secret, {
      ref,
      paymentId: input.paymentId,
      amount: input.amountMinor,
      currency: input.currency,
      amountText: input.amountText,
      merchant: input.merchant,
      description: input.description,
      returnUrl: input.returnUrl,
      webhookUrl: input.webhookUrl,
      language: input.language,
      expiresAt: this.now().getTime() + SESSION_MINUTES * 60_000,
    });
    const url = new URL(`pay/${ref}`, this.options.pageUrl.endsWith('/') ? this.options.pageUrl : `${this.options.pageUrl}/`);
    url.searchParams.set('session', token);
    return Promise.resolve({ providerRef: ref, redirectUrl: url.toString() });
  }

  async verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<PaymentEvent | null> {
    if (!verifyStripeSignature(this.options.secret, rawBody, headerValue(headers, 'stripe-signature'), this.now())) {
      throw new AppError('webhook_signature_invalid', 'simulated provider: bad Stripe-Signature');
    }
    let event: StripeEvent;
    try {
      event = StripeEvent.parse(JSON.parse(rawBody.toString('utf8')));
    } catch {
      throw new AppError('invalid_input', 'simulated provider: signed body is not a Stripe event');
    }
    // The simulator sends the charge inside the event: it is the only record of the payment.
    return paymentEventOf(event, (intent) =>
      Promise.resolve(typeof intent.latest_charge === 'object' ? ChargeObject.parse(intent.latest_charge) : null),
    );
  }

  async retrieve(providerRef: string): Promise<ProviderPaymentStatus> {
    const url = new URL(
      `v1/payment_intents/${encodeURIComponent(providerRef)}`,
      this.options.pageUrl.endsWith('/') ? this.options.pageUrl : `${this.options.pageUrl}/`,
    );
    const response = await fetch(url, { headers: { authorization: `Bearer ${this.options.secret}` }, signal: AbortSignal.timeout(5000) });
    if (response.status === 404) throw new AppError('payment_not_found', `simulator knows no ${providerRef}`);
    if (!response.ok) throw new AppError('payment_provider_unavailable', `simulator answered ${response.status}`);
    const body = (await response.json()) as { status: string; amount: number; currency: string };
    const status =
      body.status === 'succeeded' ? 'succeeded' : body.status === 'canceled' ? 'canceled' : body.status === 'failed' ? 'failed' : 'pending';
    return { status, amountMinor: body.amount, currency: body.currency.toUpperCase() };
  }
}
