/**
 * One interface for every way Kabinet sends an SMS. Adapters: Kannel's HTTP `sendsms`
 * (`kannel-provider.ts`), a direct SMPP bind (`smpp-provider.ts`) and the in-process simulator
 * (`simulator-provider.ts`, demo and tests). Delivery reports come back through `onReceipt`.
 */
import type { SmsCoding } from './gsm.ts';

export type OutboundSms = {
  /** Our `sms_messages.id`. */
  id: number;
  from: string;
  /** E.164. */
  to: string;
  text: string;
  coding: SmsCoding;
};

/** A send the gateway refused; `retryable` for throttling, timeouts and transient faults. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export type Receipt = { match: { providerRef: string } | { id: number }; delivered: boolean; final: boolean };

export interface SmsProvider {
  /** Stored with each message (`kannel`, `smpp`, `simulator`). */
  readonly name: string;
  /** Hands the text to the gateway; resolves with the gateway's reference, throws `SendError`. */
  send(sms: OutboundSms): Promise<{ providerRef: string }>;
  /** Called by the adapter when a delivery report arrives. */
  onReceipt: ((receipt: Receipt) => Promise<void>) | undefined;
  close(): Promise<void>;
}
