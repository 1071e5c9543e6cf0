/**
 * The Kabinet app in its own process for `bench/ledger.ts` (the load generator gets the other
 * core). BENCH_TARGET is a JSON DatabaseTarget; BENCH_LOG_FILE where its log lines go. Prints `LISTENING <port>`; answers an IPC
 * `stats` message with the ledger writer's counters.
 */
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { systemClock } from '../src/core/context.ts';
import { ledgerWriter } from '../src/core/ledger/ledger-writer.ts';
import { openStorage, type DatabaseTarget } from '../src/db/connect.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { usePrecomputedSecurityHeaders } from '../src/http/security-headers.ts';
import { STORED_ANSWER } from './ledger.ts';

const root = path.resolve(import.meta.dirname, '..');
const target = JSON.parse(process.env.BENCH_TARGET ?? '') as DatabaseTarget;
// As an operator runs it (NODE_ENV=production: no test-only response checks, rate limit on, an
// access line per request at the default level into BENCH_LOG_FILE), in demo mode so the load may
// charge without signing in; the billing scheduler stays off.
const config = loadConfig({
  NODE_ENV: 'production',
  KABINET_MODE: 'demo',
  BILLING_INTERVAL_SECONDS: '0',
  RATE_LIMIT_PER_MINUTE: '100000000',
  KABINET_PROFILES_DIR: path.join(root, 'profiles'),
  KABINET_PROFILE: 'mts-ru',
});
const storage = openStorage(target);
const logger = createLogger(config, process.env.BENCH_LOG_FILE ?? '/dev/null');
const app = await buildApp(config, { storage, profile: loadProfile(path.join(root, 'profiles', 'mts-ru')), clock: systemClock, logger });
// The HTTP floor: a route in the same app (every global hook: rate limit, metrics, language, auth)
// that does nothing and answers a charge-sized 201. What the stack alone allows per request.
await app.register(async (floor) => {
  usePrecomputedSecurityHeaders(floor);
  floor.post('/bench/floor/lines/:number/charges', async (_request, reply) =>
    reply.code(201).type('application/json; charset=utf-8').send(STORED_ANSWER),
  );
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ ...ledgerWriter(storage.db).stats });
});
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => storage.close())
      .finally(() => process.exit(0));
  });
}
