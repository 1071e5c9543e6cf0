/**
 * Text coding of an SMS: GSM 03.38 7-bit when every character is in the default alphabet (or its
 * extension table, which costs two septets), else UCS-2. Long texts are split into concatenated
 * parts that each carry a 6-byte UDH (153 septets or 67 UCS-2 characters per part).
 */

/** The GSM 03.38 default alphabet, in septet order (index = septet value). */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each character is sent as ESC (0x1B) then this septet. */
const EXTENSION: Record<string, number> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};

const BASIC_INDEX = new Map<string, number>([...BASIC].map((c, i) => [c, i]));
const EXTENSION_BY_SEPTET = new Map<number, string>(Object.entries(EXTENSION).map(([c, s]) => [s, c]));

export type SmsCoding = 'gsm7' | 'ucs2';

/** Septets a character takes in GSM 7-bit, or undefined when it is not in GSM 03.38. */
function septets(char: string): 1 | 2 | undefined {
  if (char === '\u001b') return undefined;
  if (BASIC_INDEX.has(char)) return 1;
  if (char in EXTENSION) return 2;
  return undefined;
}

/** True when every character of `text` can travel in GSM 7-bit. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (septets(char) === undefined) return false;
  return true;
}

/** The coding a text needs: GSM 7-bit if it can, UCS-2 otherwise. */
export function codingFor(text: string): SmsCoding {
  return isGsm7(text) ? 'gsm7' : 'ucs2';
}

/** Length in the coding's units: septets for GSM 7-bit, UTF-16 code units for UCS-2. */
export function codedLength(text: string, coding: SmsCoding = codingFor(text)): number {
  if (coding === 'ucs2') return text.length;
  let n = 0;
  for (const char of text) n += septets(char) ?? 1;
  return n;
}

/** SMPP data_coding of a coding: 0 (SMSC default alphabet, GSM 03.38) or 8 (UCS-2). */
export function dataCoding(coding: SmsCoding): number {
  return coding === 'gsm7' ? 0x00 : 0x08;
}

/** Encodes text as unpacked septets (one byte each, as SMPP carries data_coding 0) or UCS-2 big-endian. */
export function encodeText(text: string, coding: SmsCoding): Buffer {
  if (coding === 'ucs2') return Buffer.from(text, 'utf16le').swap16();
  const bytes: number[] = [];
  for (const char of text) {
    const basic = BASIC_INDEX.get(char);
    if (basic !== undefined) bytes.push(basic);
    else if (char in EXTENSION) bytes.push(0x1b, EXTENSION[char] as number);
    else bytes.push(0x3f); // '?': callers check isGsm7 first
  }
  return Buffer.from(bytes);
}

/** Decodes the short_message bytes of a PDU by its data_coding (0/1 GSM, 3 Latin-1, 8 UCS-2). */
export function decodeText(bytes: Buffer, dataCodingValue: number): string {
  const scheme = dataCodingValue & 0x0f;
  if (dataCodingValue === 0x08 || scheme === 0x08) {
    const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
    return copy.swap16().toString('utf16le');
  }
  if (scheme === 0x03) return bytes.toString('latin1');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x1b && i + 1 < bytes.length) {
      out += EXTENSION_BY_SEPTET.get(bytes[++i] as number) ?? ' ';
      continue;
    }
    out += BASIC[b] ?? '?';
  }
  return out;
}

const SINGLE = { gsm7: 160, ucs2: 70 } as const;
const PART = { gsm7: 153, ucs2: 67 } as const;

/** Splits a text into the parts of one SMS (never cutting an escape pair or a surrogate pair). */
export function splitText(text: string, coding: SmsCoding = codingFor(text)): string[] {
  if (codedLength(text, coding) <= SINGLE[coding]) return [text];
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const char of text) {
    const cost = coding === 'ucs2' ? char.length : (septets(char) ?? 1);
    if (used + cost > PART[coding]) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += cost;
  }
  if (current) parts.push(current);
  return parts;
}

/** The 6-byte concatenation UDH (IEI 0x00, 8-bit reference). */
export function concatUdh(reference: number, total: number, index: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, index]);
}
