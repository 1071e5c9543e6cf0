/**
 * The in-process simulated gateway: keeps each handset's inbox in memory and reports delivery at
 * once. For the demo without any SMPP peer and for tests of the core that do not care about the wire.
 */
import type { OutboundSms, Receipt, SmsProvider } from './provider.ts';

export type InboxMessage = { id: number; from: string; text: string; at: string };

export class SimulatorSmsProvider implements SmsProvider {
  readonly name = 'simulator';
  onReceipt: ((receipt: Receipt) => Promise<void>) | undefined;
  private readonly inboxes = new Map<string, InboxMessage[]>();

  async send(sms: OutboundSms): Promise<{ providerRef: string }> {
    this.deliver(sms.to, { id: sms.id, from: sms.from, text: sms.text, at: new Date().toISOString() });
    const ref = `sim-${sms.id}`;
    setImmediate(() => void this.onReceipt?.({ match: { providerRef: ref }, delivered: true, final: true }).catch(() => undefined));
    return { providerRef: ref };
  }

  /** Puts a text in a handset's inbox (also used for replies that travel outside `sms_messages`). */
  deliver(to: string, message: InboxMessage): void {
    const list = this.inboxes.get(to) ?? [];
    list.push(message);
    if (list.length > 100) list.shift();
    this.inboxes.set(to, list);
  }

  inbox(number: string): InboxMessage[] {
    return [...(this.inboxes.get(number) ?? [])];
  }

  async close(): Promise<void> {}
}
