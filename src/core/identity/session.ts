/**
 * Sessions: an opaque random token (32 bytes, base64url) goes to the client; the server keeps only
 * its SHA-256, with an absolute expiry, an idle expiry and a revocation time. Each session has a
 * CSRF token too (kept hashed) that browser requests must echo.
 */
import type { Channel, CoreDeps } from '../context.ts';
import { MINUTE_MS } from './identity-deps.ts';
import type { Principal, Role } from './policy.ts';
import { hashToken, newToken, sameHash } from './secret-hash.ts';
import {
  findSessionByTokenHash,
  insertSession,
  revokeSessionRow,
  revokeSessionsOf,
  touchSession,
  type SessionRow,
} from './session.repository.ts';

export type SessionGrant = { token: string; csrfToken: string; expiresAt: string; principal: Principal };

export type SessionSubject = {
  role: Role;
  id: string;
  lineId: number | null;
  customerId: number | null;
  staffId: number | null;
  channel: Channel;
};

/** Last-seen times are written at most this often, so reading pages does not write every time. */
const TOUCH_EVERY_MS = MINUTE_MS;

export async function issueSession(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  subject: SessionSubject,
  lifetime: { absoluteMinutes: number; idleMinutes: number },
): Promise<SessionGrant> {
  const now = deps.clock.now();
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + lifetime.absoluteMinutes * MINUTE_MS).toISOString();
  const id = await insertSession(deps.db, {
    token_hash: hashToken(token),
    csrf_hash: hashToken(csrfToken),
    role: subject.role,
    principal_id: subject.id,
    line_id: subject.lineId,
    customer_id: subject.customerId,
    staff_id: subject.staffId,
    channel: subject.channel,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: expiresAt,
    idle_minutes: lifetime.idleMinutes,
  });
  return { token, csrfToken, expiresAt, principal: { ...subject, sessionId: id } };
}

export type ResolvedSession = { principal: Principal; csrfHash: string };

/** The principal behind a token, or undefined when it is unknown, revoked, or expired (absolute or idle). */
export async function resolveSession(deps: Pick<CoreDeps, 'db' | 'clock'>, token: string): Promise<ResolvedSession | undefined> {
  if (token.length < 20 || token.length > 100) return undefined;
  const row = await findSessionByTokenHash(deps.db, hashToken(token));
  if (!row || row.revoked_at !== null) return undefined;
  const now = deps.clock.now();
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at) <= now || lastSeen + row.idle_minutes * MINUTE_MS <= now.getTime()) return undefined;
  if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) await touchSession(deps.db, Number(row.id), now.toISOString());
  return { principal: principalOf(row), csrfHash: row.csrf_hash };
}

/** True when `csrfToken` is the CSRF token of the session. */
export function csrfMatches(session: ResolvedSession, csrfToken: string | undefined): boolean {
  return typeof csrfToken === 'string' && csrfToken.length > 0 && sameHash(hashToken(csrfToken), session.csrfHash);
}

export async function revokeSession(deps: Pick<CoreDeps, 'db' | 'clock'>, sessionId: number): Promise<boolean> {
  return revokeSessionRow(deps.db, sessionId, deps.clock.now().toISOString());
}

/** Log out everywhere: every session of this principal stops working at once. */
export async function revokeAllSessions(deps: Pick<CoreDeps, 'db' | 'clock'>, principal: Pick<Principal, 'role' | 'id'>): Promise<number> {
  // A subscriber's terminal sessions go too: they are the same person.
  const roles = principal.role === 'subscriber' || principal.role === 'terminal' ? ['subscriber', 'terminal'] : [principal.role];
  return revokeSessionsOf(deps.db, roles, principal.id, deps.clock.now().toISOString());
}

function principalOf(row: SessionRow): Principal {
  return {
    role: row.role as Role,
    id: row.principal_id,
    sessionId: Number(row.id),
    lineId: row.line_id === null ? null : Number(row.line_id),
    customerId: row.customer_id === null ? null : Number(row.customer_id),
    staffId: row.staff_id === null ? null : Number(row.staff_id),
    channel: row.channel as Channel,
  };
}
