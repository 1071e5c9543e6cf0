/** Reading what Kannel's smsbox puts in a get-url: the text in its charset, and SMPP TLVs in meta-data. */

/** Percent-decodes to bytes (no UTF-8 assumption: Kannel may send raw UCS-2). */
export function percentBytes(encoded: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i] as string;
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(encoded.slice(i + 1, i + 3))) {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '+') bytes.push(0x20);
    else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** The raw (still percent-encoded) value of a query parameter. */
export function rawParam(url: string, name: string): string | undefined {
  const query = url.split('?').slice(1).join('?');
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq >= 0 && pair.slice(0, eq) === name) return pair.slice(eq + 1);
  }
  return undefined;
}

/** The text of a get-url as Unicode, whatever `charset` (%C) says. */
export function kannelText(rawText: string, charset: string | undefined): string {
  const bytes = percentBytes(rawText);
  const cs = (charset ?? 'UTF-8').toUpperCase();
  if (cs.includes('UTF-16') || cs.includes('UCS-2') || cs.includes('UCS2')) {
    const even = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
    return even.swap16().toString('utf16le');
  }
  if (cs.includes('8859-1') || cs.includes('LATIN1') || cs.includes('WINDOWS-1252')) return bytes.toString('latin1');
  return bytes.toString('utf8');
}

/**
 * SMPP TLVs from Kannel meta-data (`?smpp?ussd_service_op=%01&its_session_info=...`). Integer TLVs
 * arrive as raw bytes; values are returned as bytes.
 */
export function parseSmppMeta(meta: string | undefined): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!meta) return out;
  const start = meta.indexOf('?smpp?');
  if (start < 0) return out;
  const body = meta.slice(start + 6).split('?')[0] ?? '';
  for (const pair of body.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    out.set(pair.slice(0, eq), percentBytes(pair.slice(eq + 1)));
  }
  return out;
}

/** An integer TLV value that Kannel sent either as raw bytes or as decimal text. */
export function tlvInteger(value: Buffer | undefined): number | undefined {
  if (!value || value.length === 0) return undefined;
  const text = value.toString('latin1');
  if (/^[0-9]+$/.test(text)) return Number(text);
  return value.readUIntBE(0, Math.min(value.length, 4));
}
