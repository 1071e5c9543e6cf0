/**
 * `kabinet staff add <login> --role R [--name N] [--customer ID]`: creates a staff user, such as
 * the first operator admin. The password comes from KABINET_STAFF_PASSWORD (never from argv,
 * which other users of the machine can read).
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { systemClock } from '../core/context.ts';
import { createStaffUser } from '../core/identity/create-staff-user.ts';
import { LoggingSmsSender } from '../core/identity/sms-sender.ts';
import { openStorage } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadProfile } from '../profiles/load.ts';

const ROLES = ['agent', 'supervisor', 'operator-admin', 'corporate-admin'] as const;

export async function staffCommand(config: Config, args: string[], password: string | undefined): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, customer: { type: 'string' } },
  });
  const [sub, login] = positionals;
  const role = ROLES.find((r) => r === values.role);
  if (sub !== 'add' || !login || !role || !password) {
    console.error(`Usage: KABINET_STAFF_PASSWORD=... kabinet staff add <login> --role ${ROLES.join('|')} [--name N] [--customer ID]`);
    return 2;
  }
  const profile = loadProfile(config.profile.dir);
  const storage = openStorage(config.database);
  try {
    await migrateToLatest(storage.db);
    const created = await createStaffUser(
      {
        db: storage.db,
        profile,
        clock: systemClock,
        sms: new LoggingSmsSender({ info: () => undefined }),
        hashing: { cost: config.identity.scryptCost, blockSize: 8, parallelization: 1 },
      },
      { login, role, name: values.name ?? login, password, customerId: values.customer ? Number(values.customer) : undefined },
      { type: 'system', id: 'cli', channel: 'cli' },
    );
    console.log(`Created ${role} "${created.login}" (id ${created.id}).`);
  } finally {
    await storage.close();
  }
  return 0;
}
