/** Reading and writing the SMS fields of SMPP PDUs (text, UDH, USSD TLVs), shared by our ESME and the simulator. */
import type { PDU } from 'smpp';
import { concatUdh, dataCoding, decodeText, encodeText, type SmsCoding } from './gsm.ts';

/** A string field of a PDU ('' when absent). */
export function field(pdu: PDU, name: string): string {
  const v = pdu[name];
  return typeof v === 'string' ? v : '';
}

export const ESM_UDHI = 0x40;
export const ESM_DELIVERY_RECEIPT = 0x04;

/** `ussd_service_op` values (SMPP 3.4 / 5.0). */
export const USSD_OP = { pssrIndication: 1, pssrResponse: 17, ussrRequest: 2, ussrConfirm: 18, ussnRequest: 3 } as const;

export type SmsPart = { text: string; udh?: { reference: number; total: number; index: number } | undefined };

/** The fields of a submit_sm / deliver_sm that carry one part of a text. */
export function partFields(text: string, coding: SmsCoding, concat?: { reference: number; total: number; index: number }) {
  const body = encodeText(text, coding);
  const short_message = concat ? Buffer.concat([concatUdh(concat.reference, concat.total, concat.index), body]) : body;
  return { data_coding: dataCoding(coding), esm_class: concat ? ESM_UDHI : 0, short_message };
}

/** Text and concatenation info of a received PDU, whatever the library decoded. */
export function readPart(pdu: PDU): SmsPart {
  const dc = typeof pdu.data_coding === 'number' ? pdu.data_coding : 0;
  const sm = pdu.short_message as { message?: unknown; udh?: Buffer[] } | Buffer | undefined;
  const payload = pdu.message_payload as { message?: unknown } | Buffer | undefined;
  const source =
    sm &&
    (Buffer.isBuffer(sm)
      ? sm.length > 0
      : typeof sm.message === 'string'
        ? sm.message.length > 0
        : Buffer.isBuffer(sm.message) && sm.message.length > 0)
      ? sm
      : payload;
  let text = '';
  let udh: SmsPart['udh'];
  if (Buffer.isBuffer(source)) text = decodeText(source, dc);
  else if (source) {
    const m = source.message;
    text = Buffer.isBuffer(m) ? decodeText(m, dc) : typeof m === 'string' ? m : '';
    const list = (source as { udh?: Buffer[] }).udh;
    const concat = list?.find((u) => u[0] === 0x00 && u.length >= 5);
    if (concat) udh = { reference: concat[2] as number, total: concat[3] as number, index: concat[4] as number };
  }
  if (!udh && typeof pdu.sar_total_segments === 'number' && pdu.sar_total_segments > 1) {
    udh = { reference: Number(pdu.sar_msg_ref_num ?? 0), total: pdu.sar_total_segments, index: Number(pdu.sar_segment_seqnum ?? 1) };
  }
  return { text, udh };
}

/** The session key of an SMPP USSD dialogue: the `its_session_info` bytes as hex, or undefined. */
export function ussdSessionInfo(pdu: PDU): string | undefined {
  const info = pdu.its_session_info;
  return Buffer.isBuffer(info) && info.length > 0 ? info.toString('hex') : undefined;
}

/** The `ussd_service_op` of a PDU, or undefined for a plain SMS. */
export function ussdOp(pdu: PDU): number | undefined {
  const op = pdu.ussd_service_op;
  if (typeof op === 'number') return op;
  if (Buffer.isBuffer(op) && op.length > 0) return op[0];
  return undefined;
}

/** Joins the parts of a concatenated message once all have arrived. */
export class Reassembler {
  private readonly pending = new Map<string, { parts: (string | undefined)[]; at: number }>();

  constructor(private readonly maxAgeMs = 60_000) {}

  /** Returns the whole text when `part` completes it, else undefined. */
  add(sender: string, part: SmsPart, now = Date.now()): string | undefined {
    if (!part.udh || part.udh.total <= 1) return part.text;
    for (const [k, v] of this.pending) if (now - v.at > this.maxAgeMs) this.pending.delete(k);
    const key = `${sender}/${part.udh.reference}/${part.udh.total}`;
    const entry = this.pending.get(key) ?? { parts: new Array<string | undefined>(part.udh.total).fill(undefined), at: now };
    if (part.udh.index >= 1 && part.udh.index <= part.udh.total) entry.parts[part.udh.index - 1] = part.text;
    this.pending.set(key, entry);
    if (entry.parts.some((p) => p === undefined)) return undefined;
    this.pending.delete(key);
    return entry.parts.join('');
  }
}
