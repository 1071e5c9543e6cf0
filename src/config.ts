/**
 * The one module that reads `process.env`. Everything else receives a typed `Config`.
 * `loadConfig` fails fast, listing every bad variable at once.
 */
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** `postgres://...` selects PostgreSQL; anything else is ignored in favour of the SQLite file. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave unset for SQLite)')
    .optional(),
  SQLITE_FILE: z.string().min(1).default('./data/kabinet.db'),
  KABINET_PROFILE: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'a profile folder name such as mts-ru')
    .default('mts-ru'),
  KABINET_PROFILES_DIR: z.string().min(1).default('./profiles'),
  /**
   * `demo`: demo data is loaded into an empty database and write endpoints are open without login
   * (clearly marked). `production`: write endpoints refuse until identity is configured.
   */
  KABINET_MODE: z.enum(['demo', 'production']).default('demo'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Largest accepted request body in bytes. */
  BODY_LIMIT: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
  /** Requests per minute per client IP on the public API. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Seconds between billing runs (recurring fees, promised-payment expiry); 0 turns the scheduler off. Default 300, off under NODE_ENV=test. */
  BILLING_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
  /** scrypt cost N (a power of two) for passwords, PINs and codes; tests lower it, production keeps 32768. */
  KABINET_SCRYPT_COST: z.coerce
    .number()
    .int()
    .min(2)
    .max(1_048_576)
    .refine((n) => (n & (n - 1)) === 0, 'a power of two')
    .default(32_768),
  /** Session cookies carry `Secure`; set false only for a plain-http demo on 127.0.0.1. */
  KABINET_COOKIE_SECURE: z.enum(['true', 'false']).default('true'),
  /**
   * SMS gateway: `simulator` (built-in SMSC over SMPP on loopback), `smpp` (KABINET_SMPP_URL) or
   * `kannel` (KABINET_KANNEL_SENDSMS_URL). Unset: the simulator in demo mode and in tests; in
   * production mode it must be chosen (the simulator delivers nothing to real handsets).
   */
  KABINET_SMS_PROVIDER: z.enum(['simulator', 'smpp', 'kannel']).optional(),
  /** `smpp://system_id:password@host:port` of the operator's SMSC. */
  KABINET_SMPP_URL: z
    .string()
    .regex(/^smpp:\/\//, 'must start with smpp://')
    .optional(),
  /** `http://user:password@host:13013/cgi-bin/sendsms` of Kannel's smsbox. */
  KABINET_KANNEL_SENDSMS_URL: z
    .string()
    .regex(/^https?:\/\//, 'must start with http:// or https://')
    .optional(),
  /** Kabinet's base URL as Kannel reaches it, for delivery reports. */
  KABINET_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\//, 'must start with http:// or https://')
    .optional(),
  /** SMS parts per second on the link. */
  KABINET_SMS_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(100),
  /** Card payments: `simulated` (built-in hosted page simulator, not in production) or `stripe`; unset: simulated outside production, none in production. */
  KABINET_PAYMENT_PROVIDER: z.enum(['simulated', 'stripe']).optional(),
  /** Signing secret of the provider's webhooks (`whsec_...` from Stripe); the simulator's default is the documented demo secret. */
  KABINET_PAYMENT_WEBHOOK_SECRET: z.string().min(16).max(200).optional(),
  /** Port of the hosted payment page simulator that `kabinet start` runs as a child process. */
  KABINET_PAYSIM_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  /** Base URL of a simulator run elsewhere: set it and no child process is started. */
  KABINET_PAYSIM_URL: z
    .string()
    .regex(/^https?:\/\//, 'must start with http:// or https://')
    .optional(),
  /** Stripe secret key (`sk_live_...`, `sk_test_...`). */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^sk_(test|live)_/, 'a Stripe secret key sk_test_... or sk_live_...')
    .optional(),
  /** Stripe API base URL, for a Stripe mock such as stripe-stateful-mock (`http://127.0.0.1:8000`). */
  STRIPE_API_BASE: z
    .string()
    .regex(/^https?:\/\//, 'must start with http:// or https://')
    .optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  profile: { id: string; dir: string };
  mode: 'demo' | 'production';
  logLevel: (typeof LOG_LEVELS)[number];
  bodyLimit: number;
  rateLimitPerMinute: number;
  shutdownTimeoutMs: number;
  /** 0: no billing scheduler in this process. */
  billingIntervalMs: number;
  identity: { scryptCost: number; cookieSecure: boolean };
  sms: {
    provider: 'simulator' | 'smpp' | 'kannel';
    smppUrl?: string | undefined;
    kannelSendsmsUrl?: string | undefined;
    publicUrl?: string | undefined;
    perSecond: number;
  };
  payments: PaymentsConfig;
};

/** Card payments: which provider, its webhook secret, and where the simulator's hosted page runs. */
export type PaymentsConfig =
  | { provider: 'none' }
  | { provider: 'simulated'; webhookSecret: string; simulatorPort: number; simulatorUrl?: string | undefined }
  | { provider: 'stripe'; webhookSecret: string; secretKey: string; apiBase?: string | undefined };

/** The webhook secret of the simulated provider when none is configured (demo only; documented in .env.example). */
export const DEMO_PAYMENT_WEBHOOK_SECRET = 'whsec_kabinet_demo_simulator_secret';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(pick(env, issue.path))})`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && e.KABINET_SCRYPT_COST < 16_384) {
    problems.push(`KABINET_SCRYPT_COST: at least 16384 in production (got ${e.KABINET_SCRYPT_COST})`);
  }
  const smsProvider = e.KABINET_SMS_PROVIDER ?? (e.KABINET_MODE === 'demo' || e.NODE_ENV === 'test' ? 'simulator' : undefined);
  if (smsProvider === undefined) {
    problems.push('KABINET_SMS_PROVIDER: choose smpp or kannel in production mode (or simulator, which delivers to no handset)');
  }
  if (problems.length > 0 || smsProvider === undefined) throw new ConfigError(problems);
  const payments = paymentsConfig(e);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'sqlite', file: path.resolve(e.SQLITE_FILE) },
    profile: { id: e.KABINET_PROFILE, dir: path.resolve(e.KABINET_PROFILES_DIR, e.KABINET_PROFILE) },
    mode: e.KABINET_MODE,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    billingIntervalMs: (e.BILLING_INTERVAL_SECONDS ?? (e.NODE_ENV === 'test' ? 0 : 300)) * 1000,
    identity: { scryptCost: e.KABINET_SCRYPT_COST, cookieSecure: e.KABINET_COOKIE_SECURE === 'true' },
    sms: {
      provider: smsProvider,
      smppUrl: e.KABINET_SMPP_URL,
      kannelSendsmsUrl: e.KABINET_KANNEL_SENDSMS_URL,
      publicUrl: e.KABINET_PUBLIC_URL,
      perSecond: e.KABINET_SMS_PER_SECOND,
    },
    payments,
  };
}

/** The card payment provider; the simulator is refused in production, Stripe needs its key and webhook secret. */
function paymentsConfig(e: z.infer<typeof EnvSchema>): PaymentsConfig {
  const provider = e.KABINET_PAYMENT_PROVIDER ?? (e.NODE_ENV === 'production' ? 'none' : 'simulated');
  if (provider === 'simulated') {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError([
        'KABINET_PAYMENT_PROVIDER: the payment simulator takes no real money and is refused under NODE_ENV=production',
      ]);
    }
    return {
      provider,
      webhookSecret: e.KABINET_PAYMENT_WEBHOOK_SECRET ?? DEMO_PAYMENT_WEBHOOK_SECRET,
      simulatorPort: e.KABINET_PAYSIM_PORT,
      simulatorUrl: e.KABINET_PAYSIM_URL,
    };
  }
  if (provider === 'stripe') {
    const problems = [
      ...(e.STRIPE_SECRET_KEY ? [] : ['STRIPE_SECRET_KEY: required with KABINET_PAYMENT_PROVIDER=stripe']),
      ...(e.KABINET_PAYMENT_WEBHOOK_SECRET ? [] : ['KABINET_PAYMENT_WEBHOOK_SECRET: required with KABINET_PAYMENT_PROVIDER=stripe']),
    ];
    if (problems.length > 0 || !e.STRIPE_SECRET_KEY || !e.KABINET_PAYMENT_WEBHOOK_SECRET) throw new ConfigError(problems);
    return { provider, webhookSecret: e.KABINET_PAYMENT_WEBHOOK_SECRET, secretKey: e.STRIPE_SECRET_KEY, apiBase: e.STRIPE_API_BASE };
  }
  return { provider: 'none' };
}

function pick(env: NodeJS.ProcessEnv, p: PropertyKey[]): unknown {
  const key = p[0];
  return typeof key === 'string' ? env[key] : undefined;
}
