/** One-time codes, web passwords and their caps (issue 4, S4.2, S4.3), on both databases. */
import { beforeAll, expect, it } from 'vitest';
import { findLiveCode } from '../../src/core/identity/code.repository.ts';
import { logInWithCode } from '../../src/core/identity/log-in-with-code.ts';
import { logInWithPassword } from '../../src/core/identity/log-in-with-password.ts';
import { consumeCode } from '../../src/core/identity/one-time-code.ts';
import { registerWebAccount } from '../../src/core/identity/register-web-account.ts';
import { requestCode } from '../../src/core/identity/request-code.ts';
import { resetPassword } from '../../src/core/identity/reset-password.ts';
import { resolveSession } from '../../src/core/identity/session.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { attack, codeOf, errorOf, identityDeps, lastCode, WEB, type TestIdentityDeps } from '../support/identity.ts';

const A = '+79160000001';
const UNKNOWN = '+79169999999';

describeEachDatabase('identity: one-time codes and web passwords', (db) => {
  let deps: TestIdentityDeps;
  beforeAll(async () => {
    deps = await identityDeps(db(), 'mts-ru');
  });

  it('sends a 6-digit code that works once, and not after it expires', async () => {
    const sent = await requestCode(deps, { number: A, purpose: 'login', language: 'en' }, WEB);
    expect(sent).toEqual({ sent: true, expiresInSeconds: 300 });
    const code = lastCode(deps.sms, A);
    expect(code).toMatch(/^\d{6}$/);
    const grant = await logInWithCode(deps, { number: A, code }, WEB);
    expect(grant.principal).toMatchObject({ role: 'subscriber', id: A });
    expect(await codeOf(logInWithCode(deps, { number: A, code }, WEB))).toBe('code_invalid');

    await requestCode(deps, { number: A, purpose: 'login', language: 'en' }, WEB);
    const late = lastCode(deps.sms, A);
    deps.clock.set('2026-11-21T10:05:00.000Z');
    expect(await codeOf(logInWithCode(deps, { number: A, code: late }, WEB))).toBe('code_invalid');
    deps.clock.set('2026-11-21T10:00:00.000Z');
  });

  it('a code of one purpose does not work for another', async () => {
    deps.clock.set('2026-11-21T11:00:00.000Z');
    await requestCode(deps, { number: A, purpose: 'reset', language: 'en' }, WEB);
    const code = lastCode(deps.sms, A);
    expect(await codeOf(logInWithCode(deps, { number: A, code }, WEB))).toBe('code_invalid');
  });

  it('stops 10,000 guesses at a code, even in parallel: a few tries per code, a few codes per hour', async () => {
    deps.clock.set('2026-11-21T12:00:00.000Z');
    const rules = deps.profile.rules.identity;
    let issued = 0;
    let real = '';
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 10_000 / rules.maxCodeAttempts; round++) {
      const sent = await codeOf(requestCode(deps, { number: A, purpose: 'login', language: 'en' }, WEB));
      if (sent === 'ok') {
        issued++;
        real = lastCode(deps.sms, A);
      } else expect(sent).toBe('too_many_codes');
      const guesses = Array.from({ length: rules.maxCodeAttempts }, (_, k) => String(round * rules.maxCodeAttempts + k).padStart(6, '0'));
      // The very last guess is the right code: refused too, its tries are used up.
      if (round === 10_000 / rules.maxCodeAttempts - 1) guesses[guesses.length - 1] = real;
      const results = await Promise.all(
        guesses.map((g) => (g === real && round < 1999 ? Promise.resolve(false) : consumeCode(deps, A, 'login', g))),
      );
      for (const r of results) outcomes.set(String(r), (outcomes.get(String(r)) ?? 0) + 1);
    }
    expect(outcomes.get('true')).toBeUndefined();
    expect(outcomes.get('false')).toBe(10_000);
    expect(issued).toBe(rules.maxCodesPerHour);
    const attempts = await db()
      .db.selectFrom('identity_codes')
      .select((eb) => eb.fn.sum<number>('attempts').as('n'))
      .where('number', '=', A)
      .where('created_at', '>=', '2026-11-21T12:00:00.000Z')
      .executeTakeFirstOrThrow();
    expect(Number(attempts.n)).toBeLessThanOrEqual(rules.maxCodesPerHour * rules.maxCodeAttempts);
    const err = await errorOf(requestCode(deps, { number: A, purpose: 'login', language: 'en' }, WEB));
    expect(err.params.retryAfter).toBe(3600);
  });

  it('answers an unknown number exactly like a known one, without sending anything', async () => {
    deps.clock.set('2026-11-21T14:00:00.000Z');
    const before = deps.sms.sentTo(UNKNOWN).length;
    const known = await requestCode(deps, { number: A, purpose: 'register', language: 'en' }, WEB);
    const unknown = await requestCode(deps, { number: UNKNOWN, purpose: 'register', language: 'en' }, WEB);
    expect(unknown).toEqual(known);
    expect(deps.sms.sentTo(UNKNOWN).length).toBe(before);
    // The unknown number has a code row like any other, so caps behave the same too.
    expect(await findLiveCode(deps.db, UNKNOWN, 'register', deps.clock.now().toISOString())).toBeDefined();
    for (let i = 1; i < deps.profile.rules.identity.maxCodesPerHour; i++) {
      await requestCode(deps, { number: UNKNOWN, purpose: 'register', language: 'en' }, WEB);
    }
    expect(await codeOf(requestCode(deps, { number: UNKNOWN, purpose: 'register', language: 'en' }, WEB))).toBe('too_many_codes');
    expect(await codeOf(logInWithPassword(deps, { number: UNKNOWN, password: 'whatever-pass' }, WEB))).toBe('invalid_credentials');
  });

  it('registers with a code and a password, then logs in with the password (S4.2, S4.3)', async () => {
    deps.clock.set('2026-11-21T15:00:00.000Z');
    await requestCode(deps, { number: A, purpose: 'register', language: 'ru' }, WEB);
    const code = lastCode(deps.sms, A);
    expect(await codeOf(registerWebAccount(deps, { number: A, code, password: 'short' }, WEB))).toBe('weak_secret');
    const grant = await registerWebAccount(deps, { number: A, code, password: 'correct horse 1' }, WEB);
    expect((await resolveSession(deps, grant.token))?.principal.id).toBe(A);
    expect(await codeOf(logInWithPassword(deps, { number: A, password: 'wrong horse 1' }, WEB))).toBe('invalid_credentials');
    const login = await logInWithPassword(deps, { number: '8 916 000-00-01', password: 'correct horse 1' }, WEB);
    expect(login.principal).toMatchObject({ role: 'subscriber', id: A });
  });

  it('stops 10,000 password guesses, even in parallel, with a lockout that says when it ends; the lockout is temporary', async () => {
    deps.clock.set('2026-11-21T16:00:00.000Z');
    const rules = deps.profile.rules.identity;
    const outcomes = await attack(10_000, 20, (i) =>
      codeOf(logInWithPassword(deps, { number: A, password: i === 9_999 ? 'correct horse 1' : `guess-${i}-xyz` }, WEB)),
    );
    expect(outcomes.get('ok')).toBeUndefined();
    expect(outcomes.get('invalid_credentials')).toBe(rules.loginMaxFailures);
    expect(outcomes.get('login_locked')).toBe(10_000 - rules.loginMaxFailures);
    const locked = await errorOf(logInWithPassword(deps, { number: A, password: 'correct horse 1' }, WEB));
    expect(locked.code).toBe('login_locked');
    expect(locked.params).toMatchObject({
      retryAfter: rules.loginLockMinutes * 60,
      minutes: rules.loginLockMinutes,
      until: '2026-11-21 16:15',
    });
    deps.clock.set('2026-11-21T16:15:00.000Z');
    expect(await codeOf(logInWithPassword(deps, { number: A, password: 'correct horse 1' }, WEB))).toBe('ok');
  });

  it('caps failures per source address too, whatever numbers it tries; other sources are unaffected', async () => {
    deps.clock.set('2026-11-21T19:00:00.000Z');
    const limit = deps.profile.rules.identity.loginMaxFailuresPerSource;
    const outcomes = await attack(limit + 20, 10, (i) =>
      codeOf(logInWithPassword(deps, { number: `+7916555${String(1000 + i)}`, password: 'stuffed-pass-1', source: '203.0.113.9' }, WEB)),
    );
    expect(outcomes.get('invalid_credentials')).toBe(limit);
    expect(outcomes.get('login_locked')).toBe(20);
    expect(await codeOf(logInWithPassword(deps, { number: A, password: 'correct horse 1', source: '203.0.113.9' }, WEB))).toBe(
      'login_locked',
    );
    expect(await codeOf(logInWithPassword(deps, { number: A, password: 'correct horse 1', source: '198.51.100.7' }, WEB))).toBe('ok');
  });

  it('resets the password with a code and ends the older sessions', async () => {
    deps.clock.set('2026-11-21T17:00:00.000Z');
    const old = await logInWithPassword(deps, { number: A, password: 'correct horse 1' }, WEB);
    await requestCode(deps, { number: A, purpose: 'reset', language: 'en' }, WEB);
    const grant = await resetPassword(deps, { number: A, code: lastCode(deps.sms, A), password: 'battery staple 2' }, WEB);
    expect(await resolveSession(deps, old.token)).toBeUndefined();
    expect(await resolveSession(deps, grant.token)).toBeDefined();
    expect(await codeOf(logInWithPassword(deps, { number: A, password: 'correct horse 1' }, WEB))).toBe('invalid_credentials');
    expect(await codeOf(logInWithPassword(deps, { number: A, password: 'battery staple 2' }, WEB))).toBe('ok');
  });
});
