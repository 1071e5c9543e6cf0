/**
 * The `kabinet` command line: start, migrate, seed, profile validate.
 * Each command reads the same validated config as the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { runBillingCycle } from '../core/billing/run-billing-cycle.ts';
import { systemClock, type CoreDeps } from '../core/context.ts';
import { isAppError } from '../core/errors.ts';
import { errorMessage } from '../core/i18n/error-messages.ts';
import { importUsageCsv } from '../core/usage/import-usage-csv.ts';
import { openStorage } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadProfile, ProfileError } from '../profiles/load.ts';
import { runServer } from '../server.ts';
import { seedSynthetic } from '../seed/synthetic.ts';
import { staffCommand } from './staff.ts';

const USAGE = `Usage: kabinet <command>

Commands:
  start                                   migrate, load demo data when empty (demo mode), serve HTTP
  migrate                                 bring the database schema up to date
  seed [--profile P] --subscribers N      add N synthetic subscribers (default profile: KABINET_PROFILE)
  staff add <login> --role R              create a staff user; password from KABINET_STAFF_PASSWORD
  profile validate <dir>                  check an operator profile folder and list every problem
  usage import <file.csv> [--batch-key K] import usage records (all rows or none; see src/core/billing/README.md)
  billing run                             charge the current period's fees and expire promised payments now

Environment: see .env.example (PORT, HOST, DATABASE_URL, KABINET_PROFILE, KABINET_MODE...).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      await runServer(loadConfig());
      return -1; // keep running
    case 'migrate': {
      const config = loadConfig();
      const storage = openStorage(config.database);
      try {
        const applied = await migrateToLatest(storage.db);
        console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Database schema is up to date.');
      } finally {
        await storage.close();
      }
      return 0;
    }
    case 'seed':
      return seed(loadConfig(), rest);
    case 'staff':
      return staffCommand(loadConfig(), rest, process.env.KABINET_STAFF_PASSWORD);
    case 'profile': {
      const [sub, dir] = rest;
      if (sub !== 'validate' || !dir) {
        console.error('Usage: kabinet profile validate <dir>');
        return 2;
      }
      const profile = loadProfile(path.resolve(dir));
      console.log(
        `Profile ${profile.id} is valid: ${profile.tariffs.length} tariffs, ${profile.services.length} services, ${profile.demo.reduce((n, c) => n + c.lines.length, 0)} demo lines.`,
      );
      return 0;
    }
    case 'usage':
      return usageCommand(loadConfig(), rest);
    case 'billing':
      return billingCommand(loadConfig(), rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

async function seed(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { profile: { type: 'string' }, subscribers: { type: 'string' }, seed: { type: 'string' } },
  });
  const count = Number(values.subscribers);
  if (!Number.isSafeInteger(count) || count < 1 || count > 50_000_000) {
    console.error('--subscribers must be a whole number from 1 to 50000000');
    return 2;
  }
  const profileId = values.profile ?? config.profile.id;
  const profile = loadProfile(path.resolve(path.dirname(config.profile.dir), profileId));
  const storage = openStorage(config.database);
  try {
    await migrateToLatest(storage.db);
    let last = 0;
    const result = await seedSynthetic(storage, profile, {
      subscribers: count,
      seed: values.seed ? Number(values.seed) : 1,
      onProgress: (done) => {
        if (done - last >= 100_000 || done === count) {
          last = done;
          process.stderr.write(`  ${done.toLocaleString('en')} / ${count.toLocaleString('en')}\r`);
        }
      },
    });
    process.stderr.write('\n');
    console.log(
      `Seeded ${result.subscribers} subscribers (${result.customers} customers) for ${profile.id} on ${storage.kind} in ${result.seconds.toFixed(1)} s (${Math.round(result.subscribers / result.seconds)}/s).`,
    );
  } finally {
    await storage.close();
  }
  return 0;
}

/** Opens the configured database and profile for a one-shot command. */
async function withCore<T>(config: Config, run: (deps: CoreDeps) => Promise<T>): Promise<T> {
  const profile = loadProfile(config.profile.dir);
  const storage = openStorage(config.database);
  try {
    await migrateToLatest(storage.db);
    return await run({ db: storage.db, profile, clock: systemClock });
  } finally {
    await storage.close();
  }
}

async function usageCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'batch-key': { type: 'string' } } });
  const [sub, file] = positionals;
  if (sub !== 'import' || !file || positionals.length !== 2) {
    console.error('Usage: kabinet usage import <file.csv> [--batch-key K]');
    return 2;
  }
  const text = fs.readFileSync(path.resolve(file), 'utf8');
  try {
    const result = await withCore(config, (deps) => importUsageCsv(deps, { text, batchKey: values['batch-key'] }));
    console.log(
      `Imported ${result.records} usage records for ${result.lines} lines; charged ${result.amount} minor units; ${result.blocked} lines blocked.`,
    );
    return 0;
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.error(`Nothing imported: ${errorMessage(error.code, 'en', error.params)}`);
    for (const f of error.fields) console.error(`  ${f.path}: ${f.message}`);
    return 1;
  }
}

async function billingCommand(config: Config, args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== 'run') {
    console.error('Usage: kabinet billing run');
    return 2;
  }
  const result = await withCore(config, (deps) => runBillingCycle(deps));
  console.log(JSON.stringify(result));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof ProfileError) console.error(error.message);
    else console.error(error);
    process.exitCode = 1;
  },
);
