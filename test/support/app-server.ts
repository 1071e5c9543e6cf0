/**
 * One Kabinet app in its own process, for tests that need several processes on one database or a
 * process to kill: `node --import tsx test/support/app-server.ts` with KABINET_TEST_TARGET (a JSON
 * DatabaseTarget) and KABINET_TEST_PROFILE. Prints `LISTENING <port>` when ready. Exits by itself
 * when the test process that started it is gone (a timed-out or killed test run leaves no server).
 */
import { buildApp } from '../../src/app.ts';
import { systemClock } from '../../src/core/context.ts';
import { openStorage, type DatabaseTarget } from '../../src/db/connect.ts';
import { profile, testConfig, type PROFILE_IDS } from './factories.ts';

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 500).unref();

const target = JSON.parse(process.env.KABINET_TEST_TARGET ?? '') as DatabaseTarget;
const profileId = (process.env.KABINET_TEST_PROFILE ?? 'mts-ru') as (typeof PROFILE_IDS)[number];
const storage = openStorage(target);
const app = await buildApp(testConfig({ KABINET_PROFILE: profileId }), { storage, profile: profile(profileId), clock: systemClock });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
