/** Takes a provider's raw webhook: verifies its signature with that provider, then settles the payment it is about. */
import { AppError } from '../errors.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { settleCardPayment, type SettleOutcome } from './settle-card-payment.ts';

export type ReceivePaymentWebhookInput = {
  provider: string;
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
};

/** `ignored`: a genuine event of a type Kabinet does not act on. */
export async function receivePaymentWebhook(deps: PaymentDeps, input: ReceivePaymentWebhookInput): Promise<SettleOutcome | 'ignored'> {
  const provider = deps.payments.byName.get(input.provider);
  if (!provider) throw new AppError('not_found', `no payment provider ${input.provider}`);
  const event = await provider.verifyWebhook(input.rawBody, input.headers);
  if (!event) return 'ignored';
  return settleCardPayment(deps, { provider: provider.name, event });
}
