/** Terminal access codes (S3.3, S3.4, S3.6), contract passwords and password protection (S1.2, S1.4), voiceprint slots. */
import { beforeAll, expect, it } from 'vitest';
import { activateService } from '../../src/core/catalog/activate-service.ts';
import { changeTariff } from '../../src/core/catalog/change-tariff.ts';
import { deactivateService } from '../../src/core/catalog/deactivate-service.ts';
import { addVoiceprintSampleToLine } from '../../src/core/identity/add-voiceprint-sample.ts';
import { deleteVoiceprint } from '../../src/core/identity/delete-voiceprint.ts';
import { getVoiceprint } from '../../src/core/identity/get-voiceprint.ts';
import { orderAccessCode } from '../../src/core/identity/order-access-code.ts';
import { setContractPassword } from '../../src/core/identity/set-contract-password.ts';
import { setPasswordProtection } from '../../src/core/identity/set-password-protection.ts';
import { verifyAccessCode } from '../../src/core/identity/verify-access-code.ts';
import { verifyContractPassword } from '../../src/core/identity/verify-contract-password.ts';
import { requireLine } from '../../src/core/subscribers/require-line.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { attack, codeOf, errorOf, identityDeps, lastCode, SYSTEM, type TestIdentityDeps } from '../support/identity.ts';

const TERMINAL = { type: 'gateway', id: 'terminal-1', channel: 'terminal' } as const;

describeEachDatabase('identity: terminal access codes (mts-ru)', (db) => {
  let deps: TestIdentityDeps;
  beforeAll(async () => {
    deps = await identityDeps(db(), 'mts-ru');
  });

  it('is only for lines with the Electronic Assistant, never corporate or VIP (S3.6)', async () => {
    expect(await codeOf(orderAccessCode(deps, { number: '+79160000002', language: 'ru' }, TERMINAL))).toBe('not_eligible');
    expect(await codeOf(orderAccessCode(deps, { number: '+79160000003', language: 'ru' }, TERMINAL))).toBe('not_eligible');
    expect(await codeOf(orderAccessCode(deps, { number: '+79160000004', language: 'ru' }, TERMINAL))).toBe('service_not_active');
    expect(deps.sms.sentTo('+79160000002')).toHaveLength(0);
  });

  it('sends the code by SMS, keeps only its hash, and opens a short terminal session (S3.3)', async () => {
    expect(await orderAccessCode(deps, { number: '+79160000001', language: 'ru' }, TERMINAL)).toEqual({ sent: true });
    const code = lastCode(deps.sms, '+79160000001');
    expect(code).toMatch(/^\d{6}$/);
    const row = await db().db.selectFrom('access_codes').selectAll().executeTakeFirstOrThrow();
    expect(row.code_hash).toMatch(/^scrypt\$/);
    expect(row.code_hash).not.toContain(code);
    const grant = await verifyAccessCode(deps, { number: '+79160000001', code }, TERMINAL);
    expect(grant.principal).toMatchObject({ role: 'terminal', channel: 'terminal', id: '+79160000001' });
  });

  it('more than 3 wrong codes block access for 24 hours; then the old code works again (S3.4), 10,000 guesses stopped', async () => {
    deps.clock.set('2026-11-21T12:00:00.000Z');
    const code = lastCode(deps.sms, '+79160000001');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++)
      expect(await codeOf(verifyAccessCode(deps, { number: '+79160000001', code: wrong }, TERMINAL))).toBe('access_code_invalid');
    const blocked = await errorOf(verifyAccessCode(deps, { number: '+79160000001', code: wrong }, TERMINAL));
    expect(blocked.code).toBe('access_code_locked');
    expect(blocked.params).toMatchObject({ retryAfter: 24 * 3600, minutes: 24 * 60 });
    // The right code, a new order: both refused while blocked.
    expect(await codeOf(verifyAccessCode(deps, { number: '+79160000001', code }, TERMINAL))).toBe('access_code_locked');
    expect(await codeOf(orderAccessCode(deps, { number: '+79160000001', language: 'ru' }, TERMINAL))).toBe('access_code_locked');
    const outcomes = await attack(10_000, 20, (i) =>
      codeOf(verifyAccessCode(deps, { number: '+79160000001', code: i === 9_999 ? code : String(i).padStart(6, '0') }, TERMINAL)),
    );
    expect(outcomes).toEqual(new Map([['access_code_locked', 10_000]]));
    deps.clock.set('2026-11-22T12:00:00.000Z');
    expect(await codeOf(verifyAccessCode(deps, { number: '+79160000001', code }, TERMINAL))).toBe('ok');
  });

  it('stops 10,000 parallel guesses from a fresh start after 4 tries', async () => {
    deps.clock.set('2026-11-23T12:00:00.000Z');
    const code = lastCode(deps.sms, '+79160000001');
    const outcomes = await attack(10_000, 25, (i) =>
      codeOf(
        verifyAccessCode(
          deps,
          {
            number: '+79160000001',
            code: i === 9_999 ? code : String(i).padStart(6, '0') === code ? '9999999' : String(i).padStart(6, '0'),
          },
          TERMINAL,
        ),
      ),
    );
    expect(outcomes.get('ok')).toBeUndefined();
    expect((outcomes.get('access_code_invalid') ?? 0) + 1).toBe(4);
    expect(outcomes.get('access_code_locked')).toBe(10_000 - 3);
  });

  it('a new code can be ordered after the block, and the old one stops working', async () => {
    deps.clock.set('2026-11-25T12:00:00.000Z');
    const old = lastCode(deps.sms, '+79160000001');
    await orderAccessCode(deps, { number: '+79160000001', language: 'ru' }, TERMINAL);
    const fresh = lastCode(deps.sms, '+79160000001');
    if (fresh !== old)
      expect(await codeOf(verifyAccessCode(deps, { number: '+79160000001', code: old }, TERMINAL))).toBe('access_code_invalid');
    expect(await codeOf(verifyAccessCode(deps, { number: '+79160000001', code: fresh }, TERMINAL))).toBe('ok');
  });

  it('answers unknown and ineligible numbers like a wrong code', async () => {
    expect(await codeOf(verifyAccessCode(deps, { number: '+79169999999', code: '123456' }, TERMINAL))).toBe('access_code_invalid');
    expect(await codeOf(verifyAccessCode(deps, { number: '+79160000002', code: '123456' }, TERMINAL))).toBe('access_code_invalid');
  });

  it('refuses contract passwords and voiceprints where the profile does not offer them', async () => {
    const line = await requireLine(deps, '+79160000001');
    expect(await codeOf(setContractPassword(deps, { line, pin: '48213' }, SYSTEM))).toBe('feature_not_available');
    expect(await codeOf(getVoiceprint(deps, { line }))).toBe('feature_not_available');
  });
});

describeEachDatabase('identity: contract password, password protection, voiceprint (telekom-hu)', (db) => {
  let deps: TestIdentityDeps;
  const N = '+36301234567';
  beforeAll(async () => {
    deps = await identityDeps(db(), 'telekom-hu');
  });

  it('sets a 5-digit contract password, refusing trivial ones, and verifies it', async () => {
    const line = await requireLine(deps, N);
    expect(await codeOf(setContractPassword(deps, { line, pin: '1234' }, SYSTEM))).toBe('weak_secret');
    expect(await codeOf(setContractPassword(deps, { line, pin: '12345' }, SYSTEM))).toBe('weak_secret');
    expect(await codeOf(setContractPassword(deps, { line, pin: '77777' }, SYSTEM))).toBe('weak_secret');
    await setContractPassword(deps, { line, pin: '48213' }, SYSTEM);
    const stored = await db().db.selectFrom('contract_passwords').selectAll().executeTakeFirstOrThrow();
    expect(stored.pin_hash).not.toContain('48213');
    expect(await verifyContractPassword(deps, { number: N, pin: '48213' }, SYSTEM)).toEqual({ verified: true });
  });

  it('stops 10,000 guesses at the contract password; unknown numbers answer the same', async () => {
    deps.clock.set('2026-11-21T12:00:00.000Z');
    const rules = deps.profile.rules.identity.contractPassword;
    const outcomes = await attack(10_000, 20, (i) =>
      codeOf(
        verifyContractPassword(
          deps,
          { number: N, pin: i === 9_999 ? '48213' : String(i).padStart(5, '0') === '48213' ? '00000' : String(i).padStart(5, '0') },
          SYSTEM,
        ),
      ),
    );
    expect(outcomes.get('ok')).toBeUndefined();
    expect(outcomes.get('contract_password_invalid')).toBe(rules.maxFailures);
    expect(outcomes.get('contract_password_locked')).toBe(10_000 - rules.maxFailures);
    deps.clock.set('2026-11-21T13:00:00.000Z');
    expect(await codeOf(verifyContractPassword(deps, { number: N, pin: '48213' }, SYSTEM))).toBe('ok');
    expect(await codeOf(verifyContractPassword(deps, { number: '+36301111111', pin: '48213' }, SYSTEM))).toBe('contract_password_invalid');
    expect(await codeOf(verifyContractPassword(deps, { number: '+36301234568', pin: '48213' }, SYSTEM))).toBe('contract_password_invalid');
  });

  it('with password protection on, every service or tariff change needs the contract password', async () => {
    const line = await requireLine(deps, N);
    expect(await codeOf(setPasswordProtection(deps, { line, enabled: true, pin: '11111' }, SYSTEM))).toBe('contract_password_invalid');
    expect(await setPasswordProtection(deps, { line, enabled: true, pin: '48213' }, SYSTEM)).toEqual({ protection: true });
    const actor = { type: 'subscriber', id: N, channel: 'web' } as const;
    const activate = (contractPassword?: string) =>
      codeOf(activateService(deps, { number: N, serviceId: 'net-1gb', language: 'en', contractPassword }, actor));
    expect(await activate()).toBe('contract_password_required');
    expect(await activate('99999')).toBe('contract_password_invalid');
    expect(await codeOf(deactivateService(deps, { number: N, serviceId: 'kapcsolat', language: 'en' }, actor))).toBe(
      'contract_password_required',
    );
    expect(await codeOf(changeTariff(deps, { number: N, tariffId: 'relax-150', language: 'en' }, actor))).toBe(
      'contract_password_required',
    );
    expect(await activate('48213')).toBe('ok');
    // The other line is not protected.
    expect(await codeOf(activateService(deps, { number: '+36301234568', serviceId: 'net-1gb', language: 'en' }, actor))).not.toMatch(
      /contract_password/,
    );
    await setPasswordProtection(deps, { line, enabled: false, pin: '48213' }, SYSTEM);
    expect(await codeOf(deactivateService(deps, { number: N, serviceId: 'net-1gb', language: 'en' }, actor))).toBe('ok');
  });

  it('keeps a voiceprint slot: enrolled after enough samples, capped, deletable (S1.2)', async () => {
    const line = await requireLine(deps, N);
    const rules = deps.profile.rules.identity.voiceprint;
    expect(await getVoiceprint(deps, { line })).toMatchObject({ enrolled: false, samples: 0 });
    for (let i = 1; i < rules.minSamples; i++) expect((await addVoiceprintSampleToLine(deps, { line }, SYSTEM)).enrolled).toBe(false);
    expect(await addVoiceprintSampleToLine(deps, { line }, SYSTEM)).toMatchObject({ enrolled: true, samples: rules.minSamples });
    for (let i = rules.minSamples; i < rules.maxSamples; i++) await addVoiceprintSampleToLine(deps, { line }, SYSTEM);
    expect(await codeOf(addVoiceprintSampleToLine(deps, { line }, SYSTEM))).toBe('voiceprint_full');
    expect(await deleteVoiceprint(deps, { line }, SYSTEM)).toMatchObject({ enrolled: false, samples: 0 });
    expect(await getVoiceprint(deps, { line })).toMatchObject({ enrolled: false, samples: 0 });
  });
});
