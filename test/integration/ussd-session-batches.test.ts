/**
 * Group commit of USSD session writes, on both databases: writes of one event-loop turn share one
 * commit, a batch keeps gathering while following turns bring more, and it never waits beyond
 * `MAX_GATHER_TURNS` turns of a steady stream.
 */
import { expect, it } from 'vitest';
import { findLiveSession, saveSession, sessionWriteStats } from '../../src/channels/ussd/ussd-session.repository.ts';
import { describeEachDatabase } from '../support/databases.ts';

const NOW = '2026-12-07T10:00:00.000Z';
const row = (key: string) => ({ sessionKey: key, number: '+79160000001', state: '{}', steps: 0, expiresAt: '2026-12-07T10:01:00.000Z' });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describeEachDatabase('USSD session writes, group-committed', (db) => {
  it('commits the writes of one turn together, and every one is stored', async () => {
    const before = sessionWriteStats(db().db);
    const saved = await Promise.all(Array.from({ length: 50 }, (_, i) => saveSession(db().db, row(`at:one-turn-${i}`), NOW)));
    expect(saved.every(Boolean)).toBe(true);
    const after = sessionWriteStats(db().db);
    expect(after.writes - before.writes).toBe(50);
    expect(after.commits - before.commits).toBe(1);
    expect((await findLiveSession(db().db, 'at:one-turn-49', NOW))?.number).toBe('+79160000001');
  });

  it('keeps gathering while the next turns bring writes, then commits once', async () => {
    const before = sessionWriteStats(db().db);
    const writes: Promise<boolean>[] = [];
    for (let turn = 0; turn < 3; turn++) {
      for (let i = 0; i < 3; i++) writes.push(saveSession(db().db, row(`at:turns-${turn}-${i}`), NOW));
      await nextTurn();
    }
    expect((await Promise.all(writes)).every(Boolean)).toBe(true);
    const after = sessionWriteStats(db().db);
    expect(after.writes - before.writes).toBe(9);
    expect(after.commits - before.commits).toBe(1);
  });

  it('commits a steady stream at least every few turns instead of waiting for a quiet one', async () => {
    const before = sessionWriteStats(db().db);
    const writes: Promise<boolean>[] = [];
    for (let turn = 0; turn < 30; turn++) {
      writes.push(saveSession(db().db, row(`at:stream-${turn}`), NOW));
      await nextTurn();
    }
    await Promise.all(writes);
    const after = sessionWriteStats(db().db);
    expect(after.writes - before.writes).toBe(30);
    expect(after.commits - before.commits).toBeGreaterThanOrEqual(3);
  });
});
