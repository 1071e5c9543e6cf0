/** Sends SMS over our own SMPP bind (`SmppLink`); receipts match on the SMSC message id of the first part. */
import type { SmppLink } from './smpp-link.ts';
import { SubmitError } from './smpp-link.ts';
import { SendError, type OutboundSms, type Receipt, type SmsProvider } from './provider.ts';

export class SmppSmsProvider implements SmsProvider {
  readonly name = 'smpp';
  onReceipt: ((receipt: Receipt) => Promise<void>) | undefined;

  constructor(private readonly link: SmppLink) {
    link.onReceipt = async (smscId, delivered) => {
      await this.onReceipt?.({ match: { providerRef: smscId }, delivered, final: true });
    };
  }

  async send(sms: OutboundSms): Promise<{ providerRef: string }> {
    try {
      const ids = await this.link.submit({
        from: sms.from,
        to: sms.to,
        text: sms.text,
        coding: sms.coding,
        receipt: true,
        reference: sms.id % 256,
      });
      return { providerRef: ids[0] ?? '' };
    } catch (error) {
      if (error instanceof SubmitError) throw new SendError(error.message, error.retryable);
      throw new SendError(error instanceof Error ? error.message : String(error), true);
    }
  }

  async close(): Promise<void> {
    // The link is shared with inbound traffic; its owner closes it.
  }
}
