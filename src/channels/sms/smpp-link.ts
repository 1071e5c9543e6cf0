/**
 * Kabinet as an SMPP ESME: one transceiver bind to an SMSC (or to the built-in simulator). It
 * submits texts (concatenated with UDH when long), reads delivery receipts, and hands every
 * mobile-originated deliver_sm (SMS or USSD) to the inbound handler. It rebinds after a drop.
 */
import smpp, { type PDU, type Session } from 'smpp';
import { codingFor, splitText, type SmsCoding } from './gsm.ts';
import { ESM_DELIVERY_RECEIPT, Reassembler, field, partFields, readPart, ussdOp, ussdSessionInfo } from './smpp-pdu.ts';

export type SmppLinkOptions = {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  /** How long to wait before binding again after a drop. */
  rebindMs?: number;
};

export type InboundSmpp = {
  from: string;
  to: string;
  text: string;
  ussdServiceOp: number | undefined;
  itsSessionInfo: string | undefined;
};

export type SubmitRequest = {
  from: string;
  to: string;
  text: string;
  coding?: SmsCoding;
  /** Ask for a delivery receipt. */
  receipt?: boolean;
  ussdServiceOp?: number | undefined;
  itsSessionInfo?: string | undefined;
  /** Concatenation reference (0-255). */
  reference?: number;
};

/** A submit refused by the SMSC; `retryable` for throttling and transient faults. */
export class SubmitError extends Error {
  constructor(
    readonly status: number,
    readonly retryable: boolean,
  ) {
    super(`submit_sm refused with status 0x${status.toString(16)}`);
    this.name = 'SubmitError';
  }
}

const RETRYABLE = new Set([smpp.ESME_RTHROTTLED, smpp.ESME_RSYSERR, 0x14 /* ESME_RMSGQFUL */]);

export class SmppLink {
  private session: Session | undefined;
  private bound = false;
  private closing = false;
  private readonly reassembler = new Reassembler();
  private bindWaiters: (() => void)[] = [];
  private nextReference = 1;
  onInbound: ((message: InboundSmpp) => Promise<void>) | undefined;
  onReceipt: ((smscMessageId: string, delivered: boolean, state: string) => Promise<void>) | undefined;
  onError: ((error: unknown) => void) | undefined;

  constructor(private readonly options: SmppLinkOptions) {}

  get isBound(): boolean {
    return this.bound;
  }

  /** Connects and binds; resolves once bound. */
  async open(timeoutMs = 5000): Promise<void> {
    this.closing = false;
    this.connect();
    await this.waitBound(timeoutMs);
  }

  async close(): Promise<void> {
    this.closing = true;
    const s = this.session;
    this.session = undefined;
    this.bound = false;
    if (!s) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => s.destroy(() => resolve()), 500);
      const sent = s.unbind({}, () => {
        clearTimeout(timer);
        s.destroy(() => resolve());
      });
      if (!sent) {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Submits one text (as several parts when long); resolves with the SMSC ids of the parts. */
  async submit(req: SubmitRequest): Promise<string[]> {
    const session = this.session;
    if (!session || !this.bound) throw new SubmitError(smpp.ESME_RSYSERR, true);
    const coding = req.coding ?? codingFor(req.text);
    const parts = req.ussdServiceOp !== undefined ? [req.text] : splitText(req.text, coding);
    const reference = req.reference ?? this.nextReference++ % 256;
    const ids: string[] = [];
    for (const [i, text] of parts.entries()) {
      const fields: Record<string, unknown> = {
        service_type: req.ussdServiceOp !== undefined ? 'USSD' : '',
        source_addr_ton: /^\d{2,8}$/.test(req.from) ? 3 : 1,
        source_addr_npi: 1,
        source_addr: req.from.replace(/^\+/, ''),
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: req.to.replace(/^\+/, ''),
        registered_delivery: req.receipt ? 1 : 0,
        ...partFields(text, coding, parts.length > 1 ? { reference, total: parts.length, index: i + 1 } : undefined),
      };
      if (req.ussdServiceOp !== undefined) fields.ussd_service_op = req.ussdServiceOp;
      if (req.itsSessionInfo !== undefined) fields.its_session_info = Buffer.from(req.itsSessionInfo, 'hex');
      ids.push(await this.submitOne(session, fields));
    }
    return ids;
  }

  private submitOne(session: Session, fields: Record<string, unknown>): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new SubmitError(smpp.ESME_RSYSERR, true)), 10_000);
      const sent = session.submit_sm(fields, (resp) => {
        clearTimeout(timer);
        if (resp.command_status === 0) resolve(field(resp, 'message_id'));
        else reject(new SubmitError(resp.command_status, RETRYABLE.has(resp.command_status)));
      });
      if (!sent) {
        clearTimeout(timer);
        reject(new SubmitError(smpp.ESME_RSYSERR, true));
      }
    });
  }

  private waitBound(timeoutMs: number): Promise<void> {
    if (this.bound) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SMPP bind to ${this.options.host}:${this.options.port} timed out`)), timeoutMs);
      this.bindWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private connect(): void {
    const session = smpp.connect({ host: this.options.host, port: this.options.port, auto_enquire_link_period: 30_000 });
    this.session = session;
    session.on('connect', () => {
      session.socket.setNoDelay(true); // one PDU per write: no Nagle delay
      session.bind_transceiver(
        { system_id: this.options.systemId, password: this.options.password, system_type: this.options.systemType ?? '' },
        (pdu) => {
          if (pdu.command_status !== 0) {
            this.onError?.(new Error(`SMPP bind refused: status ${pdu.command_status}`));
            session.destroy();
            return;
          }
          this.bound = true;
          for (const w of this.bindWaiters.splice(0)) w();
        },
      );
    });
    session.on('deliver_sm', (pdu: PDU) => this.onDeliver(session, pdu));
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('error', (error: unknown) => this.onError?.(error));
    session.on('close', () => {
      if (this.session !== session) return;
      this.bound = false;
      this.session = undefined;
      if (!this.closing) setTimeout(() => !this.closing && this.connect(), this.options.rebindMs ?? 1000).unref();
    });
  }

  private onDeliver(session: Session, pdu: PDU): void {
    session.send(pdu.response());
    const esm = typeof pdu.esm_class === 'number' ? pdu.esm_class : 0;
    if (esm & ESM_DELIVERY_RECEIPT) {
      const part = readPart(pdu);
      const id =
        typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id
          ? pdu.receipted_message_id
          : /id:(\S+)/.exec(part.text)?.[1];
      const state = /stat:(\w+)/.exec(part.text)?.[1] ?? (pdu.message_state === 2 ? 'DELIVRD' : 'UNKNOWN');
      if (id) void this.onReceipt?.(id, state === 'DELIVRD', state).catch((e: unknown) => this.onError?.(e));
      return;
    }
    const from = `+${field(pdu, 'source_addr').replace(/^\+/, '')}`;
    const to = field(pdu, 'destination_addr');
    const text = this.reassembler.add(`${from}>${to}`, readPart(pdu));
    if (text === undefined) return;
    const message: InboundSmpp = { from, to, text, ussdServiceOp: ussdOp(pdu), itsSessionInfo: ussdSessionInfo(pdu) };
    void this.onInbound?.(message).catch((e: unknown) => this.onError?.(e));
  }
}
