import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to SQLite, the mts-ru profile, demo mode and 127.0.0.1:8080', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, mode: 'demo', database: { kind: 'sqlite' }, profile: { id: 'mts-ru' } });
  });

  it('needs the SMS gateway chosen in production mode; demo mode uses the built-in simulator', () => {
    expect(loadConfig({}).sms.provider).toBe('simulator');
    expect(() => loadConfig({ KABINET_MODE: 'production' })).toThrow(/KABINET_SMS_PROVIDER: choose smpp or kannel/);
    const kannel = {
      KABINET_MODE: 'production',
      KABINET_SMS_PROVIDER: 'kannel',
      KABINET_KANNEL_SENDSMS_URL: 'http://u:p@127.0.0.1:13013/cgi-bin/sendsms',
    };
    expect(loadConfig(kannel).sms.provider).toBe('kannel');
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', KABINET_MODE: 'chaos', KABINET_PROFILE: '../etc' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'KABINET_MODE', 'KABINET_PROFILE']) expect(problems).toContain(name);
    }
  });
});

describe('loadConfig: card payments', () => {
  it('uses the simulator outside production and no provider in production unless one is configured', () => {
    expect(loadConfig({}).payments).toMatchObject({ provider: 'simulated', simulatorPort: 8090 });
    expect(loadConfig({ NODE_ENV: 'production' }).payments).toEqual({ provider: 'none' });
  });

  it('refuses the simulator in production and Stripe without its key and webhook secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', KABINET_PAYMENT_PROVIDER: 'simulated' })).toThrow(/simulator/);
    try {
      loadConfig({ KABINET_PAYMENT_PROVIDER: 'stripe' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toMatch(/STRIPE_SECRET_KEY[\s\S]*KABINET_PAYMENT_WEBHOOK_SECRET/);
    }
    expect(
      loadConfig({
        KABINET_PAYMENT_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: 'sk_test_x',
        KABINET_PAYMENT_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
      }).payments,
    ).toMatchObject({ provider: 'stripe', secretKey: 'sk_test_x' });
  });
});
