/**
 * Sends SMS through Kannel's smsbox HTTP interface (`/cgi-bin/sendsms`), asking for delivery
 * reports on `dlr-url` (our `/sms/kannel/dlr?id=<our id>&status=%d`). Kannel answers
 * `0: Accepted for delivery` (202) or `3: Queued for later delivery`.
 */
import { SendError, type OutboundSms, type Receipt, type SmsProvider } from './provider.ts';

export type KannelOptions = {
  /** `http://127.0.0.1:13013/cgi-bin/sendsms` */
  sendsmsUrl: string;
  username: string;
  password: string;
  /** Kannel smsc id to route through, if several. */
  smsc?: string | undefined;
  /** Our public base URL as Kannel reaches it, for delivery reports (`http://127.0.0.1:8080`). */
  callbackBaseUrl: string;
  timeoutMs?: number;
};

/** Kannel DLR types: 1 delivered, 2 failed, 4 buffered, 8 SMSC accepted, 16 SMSC rejected. */
export function receiptFromKannelStatus(id: number, status: number): Receipt | undefined {
  if (status & 1) return { match: { id }, delivered: true, final: true };
  if (status & 2 || status & 16) return { match: { id }, delivered: false, final: true };
  if (status & 8 || status & 4) return undefined;
  return undefined;
}

export class KannelSmsProvider implements SmsProvider {
  readonly name = 'kannel';
  onReceipt: ((receipt: Receipt) => Promise<void>) | undefined;

  constructor(private readonly options: KannelOptions) {}

  async send(sms: OutboundSms): Promise<{ providerRef: string }> {
    const o = this.options;
    const url = new URL(o.sendsmsUrl);
    const q = url.searchParams;
    q.set('username', o.username);
    q.set('password', o.password);
    q.set('from', sms.from);
    q.set('to', sms.to);
    q.set('text', sms.text);
    q.set('charset', 'UTF-8');
    q.set('coding', sms.coding === 'ucs2' ? '2' : '0');
    if (o.smsc) q.set('smsc', o.smsc);
    q.set('dlr-mask', '31');
    q.set('dlr-url', `${o.callbackBaseUrl}/sms/kannel/dlr?id=${sms.id}&status=%d`);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 5000) });
    } catch (error) {
      throw new SendError(`kannel unreachable: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    const body = (await response.text()).trim();
    if (response.status === 202 || response.status === 200) return { providerRef: String(sms.id) };
    // 503 = temporary (queue full, no SMSC); 4xx = our request is wrong.
    throw new SendError(`kannel answered ${response.status}: ${body.slice(0, 100)}`, response.status >= 500);
  }

  async close(): Promise<void> {}
}
