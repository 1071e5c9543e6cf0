/**
 * Stripe's webhook signature (`Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`):
 * the hosted-page simulator signs with it and the simulated provider verifies it, so the demo speaks
 * the same protocol the Stripe SDK's `webhooks.constructEvent` checks.
 */
import crypto from 'node:crypto';

/** Events older (or newer) than this are refused, as Stripe's SDK does by default. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signStripePayload(secret: string, payload: string | Buffer, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.`).update(payload).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** True when one of the header's `v1` signatures is the payload's, made within the tolerance of `now`. */
export function verifyStripeSignature(secret: string, payload: Buffer, header: string | undefined, now: Date = new Date()): boolean {
  if (!header || header.length > 2000) return false;
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) t = Number(value);
    if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (t === undefined || signatures.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.`).update(payload).digest();
  return signatures.some((s) => crypto.timingSafeEqual(Buffer.from(s, 'hex'), expected));
}

/** The single value of a header that may arrive as a list. */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
