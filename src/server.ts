/**
 * Starts Kabinet: loads the profile (refusing a broken one), opens and migrates the database,
 * loads demo data into an empty database in demo mode, listens, and shuts down gracefully.
 */
import { buildApp } from './app.ts';
import { startBillingScheduler, type BillingScheduler } from './core/billing/billing-scheduler.ts';
import { GatewaySmsSender, identityAccessCodes } from './channels/sms/identity-bridge.ts';
import { startOutboxDispatcher } from './channels/sms/outbox-dispatcher.ts';
import { startChannels } from './channels/start-channels.ts';
import { hashingOf } from './core/identity/identity-deps.ts';
import { LoggingSmsSender, MemorySmsSender } from './core/identity/sms-sender.ts';
import type { Config } from './config.ts';
import { systemClock } from './core/context.ts';
import { openStorage } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createLogger } from './logger.ts';
import { loadProfile } from './profiles/load.ts';
import { loadDemoData } from './seed/demo.ts';
import { loadDemoUsage } from './seed/demo-usage.ts';
import { DEMO_ADMIN_LOGIN, prepareDemoBusiness } from './seed/demo-business.ts';
import { paymentProvidersOf } from './payments/index.ts';
import { startPaymentSimulatorProcess, type PaymentSimulatorProcess } from './payments/start-payment-simulator.ts';

/** How often the SMS outbox is looked at (a full batch goes on at once). */
const OUTBOX_INTERVAL_MS = 1000;

export type RunningServer = { url: string; stop(): Promise<void> };

export async function startServer(config: Config, print: (line: string) => void = console.log): Promise<RunningServer> {
  const logger = createLogger(config);
  const profile = loadProfile(config.profile.dir);
  const storage = openStorage(config.database);
  try {
    await migrateToLatest(storage.db);
    if (config.mode === 'demo') {
      const demo = await loadDemoData(storage.db, profile, systemClock.now());
      if (demo.loaded) logger.info({ lines: demo.lines, profile: profile.id }, 'demo data loaded');
      if (demo.loaded) logger.info(await loadDemoUsage({ db: storage.db, profile, clock: systemClock }), 'demo usage loaded');
    }
  } catch (error) {
    await storage.close();
    throw error;
  }
  const coreDeps = { db: storage.db, profile, clock: systemClock };
  // Identity's SMS (codes) go through the SMS gateway, and in demo mode also into the outbox the demo shows.
  // Demo mode prints each code on the console too, so a demo user can sign in without a phone.
  const demoOutbox = () => new MemorySmsSender(200, (m) => print(`  SMS to ${m.to}: ${m.text}   (demo mode; also on /dev/phone)`));
  const identitySms = new GatewaySmsSender(coreDeps, config.mode === 'demo' ? demoOutbox() : new LoggingSmsSender(logger));
  const sms = await startChannels(config, coreDeps, {
    accessCodes: identityAccessCodes({ sms: identitySms, hashing: hashingOf(config) }),
    onError: (err) => logger.warn({ err }, 'sms channel error'),
  }).catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  identitySms.gateway = sms.channels.sms;
  // The core's queued SMS (receipts, low balance, block and unblock) go out through the same gateway.
  const outbox = sms.channels.sms
    ? startOutboxDispatcher(
        { ...coreDeps, sms: sms.channels.sms },
        { intervalMs: OUTBOX_INTERVAL_MS, onError: (err) => logger.warn({ err }, 'sms outbox error') },
      )
    : undefined;
  // The simulated provider's hosted page runs as its own process, so card data never enters this one.
  const paysim = await startPaymentSimulator(config, (line) => logger.info(line));
  const payments = await paymentProvidersOf(config.payments, paysim?.url);
  const app = await buildApp(config, { storage, profile, clock: systemClock, logger, sms: identitySms, channels: sms.channels, payments });
  await app.listen({ host: config.host, port: config.port });
  const billing: BillingScheduler | undefined =
    config.billingIntervalMs > 0
      ? startBillingScheduler({ db: storage.db, profile, clock: systemClock }, config.billingIntervalMs, logger)
      : undefined;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  print(`Kabinet for ${profile.name} (${profile.id}) on ${storage.kind}${config.mode === 'demo' ? ', DEMO MODE' : ''}`);
  print(`  Web app    ${url}/`);
  print(`  API        ${url}/api/v1`);
  print(`  API docs   ${url}/docs   (OpenAPI: ${url}/openapi.json)`);
  print(`  Health     ${url}/health   Metrics: ${url}/metrics`);
  print(
    `  SMS        ${config.sms.provider}${sms.channels.simulator ? ` (built-in SMSC on 127.0.0.1:${sms.channels.simulator.port})` : ''}   USSD: POST ${url}/ussd/at`,
  );
  if (config.env !== 'production') print(`  Handset    ${url}/dev/phone   (simulator page, not in production)`);
  if (payments)
    print(
      `  Payments   ${payments.active.name}${paysim ? ` (hosted payment page simulator on ${paysim.url}; test card 4242 4242 4242 4242)` : ''}`,
    );
  if (config.mode === 'demo') {
    print('  Demo numbers:');
    for (const customer of profile.demo) {
      for (const line of customer.lines) {
        print(
          `    ${line.number.padEnd(14)} ${customer.segment.padEnd(9)} ${line.paymentType.padEnd(8)} ${line.lineType.padEnd(6)} ${line.status}`,
        );
      }
    }
    const first = profile.demo[0]?.lines[0]?.number;
    if (first) print(`  Try: curl ${url}/api/v1/lines/${encodeURIComponent(first)}`);
  }

  // The business cabinet (S4.8) in demo mode: demo PUKs (hashed) and an operator admin with a fresh
  // password, in the background so that start-up, /health and signal handling never wait for scrypt.
  const demoBusiness =
    config.mode === 'demo'
      ? prepareDemoBusiness(storage.db, profile, hashingOf(config), systemClock.now()).then(
          (password) => {
            const withPuk = profile.demo.flatMap((c) => c.lines).filter((l) => l.puk);
            if (withPuk.length > 0)
              print(`  Business   ${url}/business/apply   demo PUKs: ${withPuk.map((l) => `${l.number} ${l.puk}`).join(', ')}`);
            print(`  Staff      ${url}/admin/business   login ${DEMO_ADMIN_LOGIN}, password ${password} (new at every start)`);
          },
          (err: unknown) => logger.warn({ err }, 'demo business cabinet data not loaded'),
        )
      : Promise.resolve();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const timer = setTimeout(() => {
        logger.error('graceful shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      await demoBusiness;
      await billing?.stop();
      await app.close();
      await outbox?.stop();
      await sms.stop();
      await paysim?.stop();
      await storage.close();
      clearTimeout(timer);
    })();
    return stopping;
  };
  return { url, stop };
}

/** Starts the hosted payment page simulator when the simulated provider has no external URL; a failure is logged, not fatal. */
async function startPaymentSimulator(config: Config, log: (line: string) => void): Promise<PaymentSimulatorProcess | undefined> {
  if (config.payments.provider !== 'simulated' || config.payments.simulatorUrl) return undefined;
  const env = {
    ...process.env,
    HOST: config.host,
    KABINET_PAYMENT_PROVIDER: 'simulated',
    KABINET_PAYMENT_WEBHOOK_SECRET: config.payments.webhookSecret,
    KABINET_PAYSIM_PORT: String(config.payments.simulatorPort),
    KABINET_PAYSIM_URL: '',
  };
  try {
    return await startPaymentSimulatorProcess(env, log);
  } catch (error) {
    log(`payment simulator not started: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return undefined;
  }
}

/** Runs until SIGINT or SIGTERM, then closes the HTTP server (finishing requests) and the database. */
export async function runServer(config: Config): Promise<void> {
  const server = await startServer(config);
  const onSignal = (signal: NodeJS.Signals) => {
    console.log(`${signal}: shutting down`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
