/**
 * The simulated provider's checkout session, sealed into the hosted page's URL: the page needs no
 * database and cannot be tampered with (HMAC-SHA256 with the shared secret), like a signed session
 * link of a real provider.
 */
import crypto from 'node:crypto';
import { z } from 'zod';

export const HostedSession = z.strictObject({
  ref: z.string().regex(/^pi_sim_[0-9a-f]{24}$/),
  paymentId: z.string().max(64),
  amount: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  amountText: z.string().max(64),
  merchant: z.string().max(200),
  description: z.string().max(200),
  returnUrl: z.url({ protocol: /^https?$/ }),
  webhookUrl: z.url({ protocol: /^https?$/ }),
  language: z.string().max(8),
  /** Milliseconds since the epoch. */
  expiresAt: z.number().int(),
});
export type HostedSession = z.infer<typeof HostedSession>;

export function sealSession(secret: string, session: HostedSession): string {
  const body = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** The session of a token with a valid seal that has not expired, else null. */
export function openSession(secret: string, token: string, now: Date = new Date()): HostedSession | null {
  const [body, seal] = token.split('.');
  if (!body || !seal || seal.length !== 43) return null;
  const expected = Buffer.from(mac(secret, body));
  if (!crypto.timingSafeEqual(expected, Buffer.from(seal))) return null;
  try {
    const session = HostedSession.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return session.expiresAt > now.getTime() ? session : null;
  } catch {
    return null;
  }
}

function mac(secret: string, body: string): string {
  return crypto.createHmac('sha256', `hosted-session:${secret}`).update(body).digest('base64url');
}
