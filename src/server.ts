/**
 * Starts Kabinet: loads the profile (refusing a broken one), opens and migrates the database,
 * loads demo data into an empty database in demo mode, listens, and shuts down gracefully.
 */
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { systemClock } from './core/context.ts';
import { openStorage } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createLogger } from './logger.ts';
import { loadProfile } from './profiles/load.ts';
import { loadDemoData } from './seed/demo.ts';

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
    }
  } catch (error) {
    await storage.close();
    throw error;
  }
  const app = await buildApp(config, { storage, profile, clock: systemClock, logger });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  print(`Kabinet for ${profile.name} (${profile.id}) on ${storage.kind}${config.mode === 'demo' ? ', DEMO MODE' : ''}`);
  print(`  Web app    ${url}/`);
  print(`  API        ${url}/api/v1`);
  print(`  API docs   ${url}/docs   (OpenAPI: ${url}/openapi.json)`);
  print(`  Health     ${url}/health   Metrics: ${url}/metrics`);
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

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const timer = setTimeout(() => {
        logger.error('graceful shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      await app.close();
      await storage.close();
      clearTimeout(timer);
    })();
    return stopping;
  };
  return { url, stop };
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
