/** Sessions, roles and policies, interactions, gateways and the audit search (issue 4), on both databases. */
import { beforeAll, describe, expect, it } from 'vitest';
import { searchAudit } from '../../src/core/audit/search-audit.ts';
import { authenticateGateway } from '../../src/core/identity/authenticate-gateway.ts';
import { closeInteraction } from '../../src/core/identity/close-interaction.ts';
import { logInStaff } from '../../src/core/identity/log-in-staff.ts';
import { logOut } from '../../src/core/identity/log-out.ts';
import { openInteraction } from '../../src/core/identity/open-interaction.ts';
import { authorizeLine, decide, type Principal } from '../../src/core/identity/policy.ts';
import { registerGateway } from '../../src/core/identity/register-gateway.ts';
import { issueSession, resolveSession, revokeAllSessions } from '../../src/core/identity/session.ts';
import { openSubscriberSession } from '../../src/core/identity/subscriber-session.ts';
import { requireLine } from '../../src/core/subscribers/require-line.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { codeOf, identityDeps, staff, staffPassword, SYSTEM, WEB, type TestIdentityDeps } from '../support/identity.ts';

const base: Principal = { role: 'subscriber', id: '+79160000001', sessionId: 1, lineId: 1, customerId: 1, staffId: null, channel: 'web' };

describe('policy table (deny by default)', () => {
  const line1 = { lineId: 1, customerId: 1 };
  const line2 = { lineId: 2, customerId: 2 };
  it('lets a subscriber act on their own line only', () => {
    expect(decide(base, 'line.read', line1).allowed).toBe(true);
    expect(decide(base, 'line.change', line2).allowed).toBe(false);
    expect(decide(base, 'audit.read', undefined).allowed).toBe(false);
  });
  it('keeps the terminal away from the line secrets', () => {
    expect(decide({ ...base, role: 'terminal' }, 'line.change', line1).allowed).toBe(true);
    expect(decide({ ...base, role: 'terminal' }, 'line.secrets', line1).allowed).toBe(false);
  });
  it('lets an agent act only inside an open interaction', () => {
    const agent = { ...base, role: 'agent' as const, lineId: null, staffId: 7 };
    expect(decide(agent, 'line.read', line2)).toEqual({ allowed: false, reason: 'interaction_required' });
    expect(decide(agent, 'line.read', line2, true).allowed).toBe(true);
    expect(decide(agent, 'line.secrets', line2, true).allowed).toBe(false);
    expect(decide(agent, 'audit.read', undefined).allowed).toBe(false);
  });
  it('gives every role nothing it was not granted', () => {
    const admin = { ...base, role: 'operator-admin' as const, lineId: null };
    expect(decide(admin, 'line.read', line1).allowed).toBe(false);
    expect(decide(admin, 'staff.manage', undefined).allowed).toBe(true);
    const gateway = { ...base, role: 'gateway' as const, lineId: null };
    expect(decide(gateway, 'line.change', line2).allowed).toBe(true);
    expect(decide(gateway, 'line.secrets', line2).allowed).toBe(false);
    expect(decide(gateway, 'audit.read', undefined).allowed).toBe(false);
  });
});

describeEachDatabase('identity: sessions, policies, interactions, gateways, audit (mts-ru)', (db) => {
  let deps: TestIdentityDeps;
  beforeAll(async () => {
    deps = await identityDeps(db(), 'mts-ru');
  });

  it('keeps only token hashes; sessions expire when idle and absolutely; revoked ones stop at once', async () => {
    const line = await requireLine(deps, '+79160000001');
    const grant = await openSubscriberSession(deps, line, 'web');
    const rows = await db().db.selectFrom('sessions').select(['token_hash', 'csrf_hash']).execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(grant.token);
    expect(await resolveSession(deps, grant.token)).toBeDefined();
    deps.clock.set('2026-11-21T10:29:00.000Z');
    expect(await resolveSession(deps, grant.token)).toBeDefined();
    deps.clock.set('2026-11-21T10:58:00.000Z');
    expect(await resolveSession(deps, grant.token)).toBeDefined(); // the previous call counted as activity
    deps.clock.set('2026-11-21T11:29:00.000Z');
    expect(await resolveSession(deps, grant.token)).toBeUndefined(); // idle for 31 minutes
    deps.clock.set('2026-11-21T10:00:00.000Z');
    const short = await issueSession(deps, { ...grant.principal }, { absoluteMinutes: 10, idleMinutes: 60 });
    deps.clock.set('2026-11-21T10:09:00.000Z');
    expect(await resolveSession(deps, short.token)).toBeDefined();
    deps.clock.set('2026-11-21T10:10:00.000Z');
    expect(await resolveSession(deps, short.token)).toBeUndefined();
    deps.clock.set('2026-11-21T10:00:00.000Z');

    const a = await openSubscriberSession(deps, line, 'web');
    const b = await openSubscriberSession(deps, line, 'terminal', 'terminal');
    const resolved = await resolveSession(deps, a.token);
    expect(await logOut(deps, resolved!.principal, { everywhere: false })).toEqual({ revoked: 1 });
    expect(await resolveSession(deps, a.token)).toBeUndefined();
    expect(await resolveSession(deps, b.token)).toBeDefined();
    expect(await revokeAllSessions(deps, b.principal)).toBeGreaterThanOrEqual(1);
    expect(await resolveSession(deps, b.token)).toBeUndefined();
  });

  it('refuses subscriber A reading B, a corporate admin touching another company, an agent with no open interaction', async () => {
    const a = (await openSubscriberSession(deps, await requireLine(deps, '+79160000001'), 'web')).principal;
    expect((await authorizeLine(deps, a, 'line.read', '+79160000001')).actor).toMatchObject({ type: 'subscriber', id: '+79160000001' });
    expect(await codeOf(authorizeLine(deps, a, 'line.read', '+79160000004'))).toBe('forbidden');
    expect(await codeOf(authorizeLine(deps, a, 'line.read', '+79169999999'))).toBe('forbidden');
    expect(await codeOf(authorizeLine(deps, null, 'line.read', '+79160000001'))).toBe('unauthenticated');

    const corporate = await requireLine(deps, '+79160000002');
    await staff(deps, 'north-wind-admin', 'corporate-admin', corporate.customer_id);
    const admin = (await logInStaff(deps, { login: 'north-wind-admin', password: staffPassword('north-wind-admin') }, WEB)).principal;
    expect(await codeOf(authorizeLine(deps, admin, 'line.change', '+79160000002'))).toBe('ok');
    expect(await codeOf(authorizeLine(deps, admin, 'line.change', '+79160000001'))).toBe('forbidden');
    expect(await codeOf(authorizeLine(deps, admin, 'line.read', '+79160000003'))).toBe('forbidden');

    await staff(deps, 'agent-smith', 'agent');
    const agent = (await logInStaff(deps, { login: 'agent-smith', password: staffPassword('agent-smith') }, WEB)).principal;
    expect(agent.channel).toBe('agent');
    expect(await codeOf(authorizeLine(deps, agent, 'line.read', '+79160000001'))).toBe('interaction_required');
    const interaction = await openInteraction(deps, agent, { number: '+79160000001', channel: 'agent' });
    const allowed = await authorizeLine(deps, agent, 'line.change', '+79160000001');
    expect(allowed.actor).toMatchObject({ type: 'agent', id: 'agent-smith', interactionId: String(interaction.id) });
    expect(await codeOf(authorizeLine(deps, agent, 'line.change', '+79160000004'))).toBe('interaction_required');
    await closeInteraction(deps, agent, { id: interaction.id });
    expect(await codeOf(authorizeLine(deps, agent, 'line.change', '+79160000001'))).toBe('interaction_required');
    expect(await codeOf(openInteraction(deps, a, { number: '+79160000001', channel: 'web' }))).toBe('forbidden');
  });

  it('caps staff login failures and answers an unknown login the same way', async () => {
    await staff(deps, 'sup-ann', 'supervisor');
    expect(await codeOf(logInStaff(deps, { login: 'sup-ann', password: 'wrong password!' }, WEB))).toBe('invalid_credentials');
    expect(await codeOf(logInStaff(deps, { login: 'nobody-here', password: 'wrong password!' }, WEB))).toBe('invalid_credentials');
    expect(await codeOf(logInStaff(deps, { login: 'sup-ann', password: staffPassword('sup-ann') }, WEB))).toBe('ok');
  });

  it('lets a gateway in only with its secret and from an allowed address', async () => {
    const { secret } = await registerGateway(deps, { name: 'kannel-1', kind: 'sms', allowedIps: ['10.0.0.5'] }, SYSTEM);
    const stored = await db().db.selectFrom('gateway_clients').select('secret_hash').executeTakeFirstOrThrow();
    expect(stored.secret_hash).not.toContain(secret);
    expect(await authenticateGateway(deps, { name: 'kannel-1', secret, ip: '::ffff:10.0.0.5' })).toMatchObject({
      role: 'gateway',
      channel: 'sms',
    });
    expect(await codeOf(authenticateGateway(deps, { name: 'kannel-1', secret, ip: '10.0.0.6' }))).toBe('forbidden');
    expect(await codeOf(authenticateGateway(deps, { name: 'kannel-1', secret: `${secret}x`, ip: '10.0.0.5' }))).toBe('unauthenticated');
    expect(await codeOf(authenticateGateway(deps, { name: 'nope', secret, ip: '10.0.0.5' }))).toBe('unauthenticated');
  });

  it('lets supervisors search the audit (actor, role, channel, subject, before, after, interaction); nobody else', async () => {
    const supervisor = (await logInStaff(deps, { login: 'sup-ann', password: staffPassword('sup-ann') }, WEB)).principal;
    const { entries } = await searchAudit(deps, supervisor, { action: 'interaction.', limit: 10 });
    expect(entries.map((e) => e.action).sort()).toEqual(['interaction.close', 'interaction.open']);
    expect(entries[0]).toMatchObject({ actorType: 'agent', actorId: 'agent-smith', subjectId: expect.any(String) as string });
    expect(entries.every((e) => e.interactionId !== null)).toBe(true);
    const failures = await searchAudit(deps, supervisor, { action: 'auth.staff.login.failed', limit: 10 });
    expect(failures.entries.map((e) => e.subjectId).sort()).toEqual(['nobody-here', 'sup-ann']);
    const byNumber = await searchAudit(deps, supervisor, { number: '8 916 000-00-01', limit: 100 });
    expect(byNumber.entries.length).toBeGreaterThan(0);
    const a = (await openSubscriberSession(deps, await requireLine(deps, '+79160000001'), 'web')).principal;
    expect(await codeOf(searchAudit(deps, a, { limit: 10 }))).toBe('forbidden');
    expect(await codeOf(searchAudit(deps, null, { limit: 10 }))).toBe('unauthenticated');
  });
});
