/** `GET /api/v1/auth/rules`: the password and code rules the sign-in forms show, taken from the operator profile. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoApp } from '../support/factories.ts';

describeEachDatabase('password rules over HTTP', (db) => {
  let app: App;
  let rules: { passwordMinLength: number; codeTtlMinutes: number };
  beforeAll(async () => {
    const built = await demoApp(db(), 'telekom-hu');
    app = built.app;
    rules = built.deps.profile.rules.identity;
  });
  afterAll(async () => app.close());

  it("states the profile's rules, and a password breaking them is refused as the rules say", async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/auth/rules' });
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, number>>();
    expect(body).toEqual({
      passwordMinLength: rules.passwordMinLength,
      passwordMaxLength: 128,
      passwordMinDistinct: 3,
      codeTtlMinutes: rules.codeTtlMinutes,
    });
    const number = '+36301234567';
    const tooShort = 'ab1'.padEnd(body.passwordMinLength! - 1, 'x');
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register?lang=en',
      payload: { number, code: '123456', password: tooShort },
    });
    expect(refused.json()).toMatchObject({ code: 'weak_secret' });
    expect(refused.json<{ detail: string }>().detail).toContain(`at least ${body.passwordMinLength} characters`);
    const hungarian = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register?lang=hu',
      payload: { number, code: '123456', password: tooShort },
    });
    expect(hungarian.json<{ detail: string }>().detail).toBe(`Válasszon erősebb jelszót: legalább ${body.passwordMinLength} karakter.`);
  });
});
