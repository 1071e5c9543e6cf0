/**
 * A built-in SMSC on the real SMPP 3.4 protocol (npm `smpp` server side), for the demo and the tests:
 * the real operator SMSC cannot exist here. It accepts binds, records every submit_sm (and joins
 * concatenated parts), answers with a delivery receipt (deliver_sm, esm_class 0x04) when one is
 * asked for, and injects mobile-originated messages (deliver_sm, optionally with USSD TLVs) into
 * the bound ESMEs: Kannel's bearerbox or Kabinet's own SMPP link.
 */
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session } from 'smpp';
import { codingFor, type SmsCoding } from './gsm.ts';
import { ESM_DELIVERY_RECEIPT, Reassembler, field, partFields, readPart, ussdOp, ussdSessionInfo } from './smpp-pdu.ts';

export type SubmittedMessage = {
  messageId: string;
  systemId: string;
  from: string;
  to: string;
  /** The whole text (parts joined), once the last part arrived. */
  text: string;
  dataCoding: number;
  parts: number;
  serviceType: string;
  ussdServiceOp: number | undefined;
  itsSessionInfo: string | undefined;
  registeredDelivery: number;
  at: number;
};

export type MobileOriginated = {
  from: string;
  to: string;
  text: string;
  /** USSD: 1 PSSR (the dialled string), 18 USSR confirm (an answer in a session). */
  ussdServiceOp?: number | undefined;
  /** USSD dialogue key (hex). */
  itsSessionInfo?: string | undefined;
};

export type SimulatorOptions = {
  systemId?: string;
  password?: string;
  /** Answer submit_sm with ESME_RTHROTTLED for the first N messages (to test retries). */
  throttleFirst?: number;
  /** Keep every submitted message in `submitted` (default true; benchmarks turn it off). */
  record?: boolean;
  /** Delivery receipt outcome: DELIVRD (default) or UNDELIV. */
  receiptState?: 'DELIVRD' | 'UNDELIV';
};

export class SmscSimulator {
  readonly submitted: SubmittedMessage[] = [];
  /** Called for every whole message submitted. */
  onSubmitted: ((message: SubmittedMessage) => void) | undefined;
  private server: smpp.Server | undefined;
  private readonly bound = new Set<Session>();
  private readonly sessionNames = new Map<Session, string>();
  private readonly reassembler = new Reassembler();
  private readonly waiters: { match: (m: SubmittedMessage) => boolean; resolve: (m: SubmittedMessage) => void }[] = [];
  private throttleLeft: number;
  private nextId = 1_000_000 + crypto.randomInt(1_000_000);

  constructor(private readonly options: SimulatorOptions = {}) {
    this.throttleLeft = options.throttleFirst ?? 0;
  }

  /** Listens on 127.0.0.1 (port 0 = any free port) and returns the port. */
  async start(port = 0): Promise<number> {
    const server = smpp.createServer({}, (session) => this.accept(session));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** How many ESMEs are bound and can receive. */
  get boundCount(): number {
    return this.bound.size;
  }

  async stop(): Promise<void> {
    for (const s of this.bound) s.destroy();
    this.bound.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves with the first submitted message (past or future) that matches. */
  waitFor(match: (m: SubmittedMessage) => boolean, timeoutMs = 5000): Promise<SubmittedMessage> {
    const found = this.submitted.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          reject(new Error(`simulator: no matching submit_sm within ${timeoutMs} ms (got ${this.submitted.length})`));
        }
      }, timeoutMs).unref();
    });
  }

  /** Resolves once at least one ESME is bound. */
  async waitForBind(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.bound.size === 0) {
      if (Date.now() > until) throw new Error('simulator: no ESME bound');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Sends a mobile-originated message to a bound ESME as deliver_sm; resolves on deliver_sm_resp. */
  async injectMo(mo: MobileOriginated): Promise<void> {
    const session = [...this.bound][0];
    if (!session) throw new Error('simulator: no ESME bound to receive');
    const coding: SmsCoding = codingFor(mo.text);
    const fields: Record<string, unknown> = {
      service_type: mo.ussdServiceOp !== undefined ? 'USSD' : '',
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: mo.from.replace(/^\+/, ''),
      dest_addr_ton: 0,
      dest_addr_npi: 1,
      destination_addr: mo.to,
      ...partFields(mo.text, coding),
    };
    if (mo.ussdServiceOp !== undefined) fields.ussd_service_op = mo.ussdServiceOp;
    if (mo.itsSessionInfo !== undefined) fields.its_session_info = Buffer.from(mo.itsSessionInfo, 'hex');
    await new Promise<void>((resolve, reject) => {
      const sent = session.deliver_sm(fields, (resp) =>
        resp.command_status === 0 ? resolve() : reject(new Error(`deliver_sm refused: status ${resp.command_status}`)),
      );
      if (!sent) reject(new Error('simulator: ESME socket not writable'));
    });
  }

  private accept(session: Session): void {
    session.socket.setNoDelay(true);
    const bind = (pdu: PDU) => {
      const ok =
        (!this.options.systemId || pdu.system_id === this.options.systemId) &&
        (!this.options.password || pdu.password === this.options.password);
      if (!ok) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        return;
      }
      session.send(pdu.response({ system_id: 'kabinet-smsc' }));
      this.sessionNames.set(session, String(pdu.system_id));
      if (pdu.command !== 'bind_transmitter') this.bound.add(session);
    };
    session.on('bind_transceiver', bind);
    session.on('bind_receiver', bind);
    session.on('bind_transmitter', bind);
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      this.bound.delete(session);
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: PDU) => this.onSubmit(session, pdu));
    session.on('close', () => this.bound.delete(session));
    session.on('error', () => this.bound.delete(session));
  }

  private onSubmit(session: Session, pdu: PDU): void {
    if (this.throttleLeft > 0) {
      this.throttleLeft--;
      session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      return;
    }
    // Decimal ids: Kannel's msg-id-type 0x00 reads both the submit_sm_resp id and the receipt id as decimal.
    const messageId = String(this.nextId++);
    session.send(pdu.response({ message_id: messageId }));
    const from = field(pdu, 'source_addr');
    const part = readPart(pdu);
    const text = this.reassembler.add(`${from}>${String(pdu.destination_addr)}`, part);
    const registered = typeof pdu.registered_delivery === 'number' ? pdu.registered_delivery : 0;
    if (registered & 0x01) this.sendReceipt(session, pdu, messageId, part.text);
    if (text === undefined) return;
    const message: SubmittedMessage = {
      messageId,
      systemId: this.sessionNames.get(session) ?? '',
      from,
      to: field(pdu, 'destination_addr'),
      text,
      dataCoding: typeof pdu.data_coding === 'number' ? pdu.data_coding : 0,
      parts: part.udh?.total ?? 1,
      serviceType: field(pdu, 'service_type'),
      ussdServiceOp: ussdOp(pdu),
      itsSessionInfo: ussdSessionInfo(pdu),
      registeredDelivery: registered,
      at: Date.now(),
    };
    this.onSubmitted?.(message);
    if (this.options.record === false) return;
    this.submitted.push(message);
    for (const w of [...this.waiters]) {
      if (w.match(message)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  }

  private sendReceipt(session: Session, pdu: PDU, messageId: string, text: string): void {
    const stat = this.options.receiptState ?? 'DELIVRD';
    const date = new Date().toISOString().replace(/[-T:]/g, '').slice(2, 12);
    const body = `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${date} done date:${date} stat:${stat} err:000 text:${text.slice(0, 20).replace(/[^ -~]/g, '.')}`;
    setImmediate(() => {
      session.deliver_sm({
        source_addr: pdu.destination_addr,
        destination_addr: pdu.source_addr,
        esm_class: ESM_DELIVERY_RECEIPT,
        data_coding: 0,
        short_message: Buffer.from(body, 'latin1'),
        receipted_message_id: messageId,
        message_state: stat === 'DELIVRD' ? 2 : 5,
      });
    });
  }
}
