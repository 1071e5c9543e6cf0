/** The payment providers of a configuration: Stripe, the simulator, or none. */
import type { PaymentsConfig } from '../config.ts';
import { paymentProviders, type PaymentProviders } from '../core/payments/payment-provider.ts';
import { SimulatedPaymentProvider } from './simulated-provider.ts';

/**
 * `simulatorUrl`: where the hosted-page simulator answers (the started child process, or the
 * configured URL). The Stripe SDK is loaded only when Stripe is configured (it takes seconds to load).
 */
export async function paymentProvidersOf(config: PaymentsConfig, simulatorUrl?: string): Promise<PaymentProviders | undefined> {
  switch (config.provider) {
    case 'none':
      return undefined;
    case 'simulated':
      return paymentProviders(
        new SimulatedPaymentProvider({
          pageUrl: simulatorUrl ?? config.simulatorUrl ?? `http://127.0.0.1:${config.simulatorPort}`,
          secret: config.webhookSecret,
        }),
      );
    case 'stripe': {
      const { StripePaymentProvider } = await import('./stripe-provider.ts');
      return paymentProviders(
        new StripePaymentProvider({ secretKey: config.secretKey, webhookSecret: config.webhookSecret, apiBase: config.apiBase }),
      );
    }
  }
}
