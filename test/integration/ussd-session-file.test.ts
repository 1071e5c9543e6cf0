/**
 * On SQLite, USSD sessions live in their own unsynced file beside the database, never in the
 * database (whose WAL the ledger fsyncs): what a dialogue writes, where, and how expired sessions go.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handleUssd } from '../../src/channels/ussd/engine.ts';
import { sessionFileOf, sessionFilePath } from '../../src/channels/ussd/session-file.ts';
import { countSessions, findLiveSession, sweepExpired } from '../../src/channels/ussd/ussd-session.repository.ts';
import { openStorage, type Storage } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { demoDeps } from '../support/factories.ts';

describe('USSD session file [sqlite]', () => {
  const opened: { storage: Storage; dir: string }[] = [];
  afterEach(async () => {
    for (const { storage, dir } of opened.splice(0)) {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  const fresh = async (prepare?: (file: string) => void) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-ussd-file-'));
    const file = path.join(dir, 'k.db');
    prepare?.(file);
    const storage = openStorage({ kind: 'sqlite', file });
    opened.push({ storage, dir });
    await migrateToLatest(storage.db);
    return { storage, file, deps: await demoDeps(storage) };
  };

  it('keeps a dialogue in the file beside the database, unsynced, and nothing of it in the database', async () => {
    const { storage, file, deps } = await fresh();
    const screen = await handleUssd(deps, { sessionKey: 'at:f1', number: '+79160000001', dialled: '*111#' });
    expect(screen.end).toBe(false);
    expect(fs.existsSync(sessionFilePath(file))).toBe(true);
    expect(await countSessions(storage.db)).toBe(1);
    expect((await findLiveSession(storage.db, 'at:f1', '1970-01-01T00:00:00.000Z'))?.number).toBe('+79160000001');
    const tables = storage.sqlite?.prepare("select name from sqlite_master where type = 'table' and name = 'ussd_sessions'").all();
    expect(tables).toEqual([]);
    expect(storage.sqlite?.pragma('synchronous', { simple: true })).toBe(2);
    expect(sessionFileOf(storage.db)?.pragma('synchronous', { simple: true })).toBe(0);
  });

  it('starts a damaged session file again instead of failing', async () => {
    const { storage, deps } = await fresh((file) => fs.writeFileSync(sessionFilePath(file), 'not a database '.repeat(500)));
    const screen = await handleUssd(deps, { sessionKey: 'at:f2', number: '+79160000001', dialled: '*111#' });
    expect(screen.end).toBe(false);
    expect(await countSessions(storage.db)).toBe(1);
  });

  it('sweeps expired sessions a slice at a time and comes round again', async () => {
    const { storage } = await fresh();
    const file = sessionFileOf(storage.db);
    if (!file) throw new Error('no session file');
    const insert = file.prepare(
      'insert into ussd_sessions (session_key, number, state, steps, started_at, updated_at, expires_at) values (?, ?, ?, 0, ?, ?, ?)',
    );
    // 12,000 sessions: every third expired at 10:00, the rest live until 11:00.
    file.transaction(() => {
      for (let i = 0; i < 12_000; i++) {
        const expires = i % 3 === 0 ? '2026-12-07T10:00:00.000Z' : '2026-12-07T11:00:00.000Z';
        insert.run(`at:s${i}`, '+79160000001', '{}', '2026-12-07T09:59:00.000Z', '2026-12-07T09:59:00.000Z', expires);
      }
    })();
    const now = '2026-12-07T10:30:00.000Z';
    sweepExpired(file, now);
    // One slice (5,000 rows by rowid) lost its expired third; the rest wait for later sweeps.
    expect(await countSessions(storage.db)).toBe(12_000 - 1667);
    sweepExpired(file, now);
    sweepExpired(file, now);
    expect(await countSessions(storage.db)).toBe(8_000);
    // The cursor went back to the start: a session that expires later is found on the next round.
    file.prepare("update ussd_sessions set expires_at = '2026-12-07T10:20:00.000Z' where session_key = 'at:s1'").run();
    sweepExpired(file, now);
    expect(await countSessions(storage.db)).toBe(7_999);
    expect(await findLiveSession(storage.db, 'at:s2', now)).toBeDefined();
  });
});
