import { beforeAll, expect, it } from 'vitest';
import { LANGUAGE_TTL_MS, lineLanguage } from '../../src/channels/line-language.ts';
import { findLineByNumber, findLineLanguage, insertLine } from '../../src/core/subscribers/line.repository.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoDeps } from '../support/factories.ts';

describeEachDatabase('line repository: the language lookup the channels answer in', (db) => {
  beforeAll(async () => {
    await demoDeps(db(), 'tele2-ru');
  });

  it('gives each line its own language, the query compiled once and bound anew per number', async () => {
    // The same handle asked in turn for lines of different languages: a query reused with its
    // first number would answer every later call with that line's language.
    for (const [number, language] of [
      ['+79520000002', 'fa'],
      ['+79520000001', 'ru'],
      ['+79520000002', 'fa'],
    ] as const) {
      expect(await findLineLanguage(db().db, number)).toBe(language);
      expect((await findLineByNumber(db().db, number))?.language).toBe(language);
    }
  });

  it('says undefined for a number that is no line, and inside a transaction sees what it wrote', async () => {
    expect(await findLineLanguage(db().db, '+79529999999')).toBeUndefined();
    await db()
      .db.transaction()
      .execute(async (trx) => {
        await trx.updateTable('lines').set({ language: 'en' }).where('number', '=', '+79520000001').execute();
        expect(await findLineLanguage(trx, '+79520000001')).toBe('en');
        await trx.updateTable('lines').set({ language: 'ru' }).where('number', '=', '+79520000001').execute();
      });
    expect(await findLineLanguage(db().db, '+79520000001')).toBe('ru');
  });

  it('never reads what a transaction holding the connection has not committed', async () => {
    // On SQLite a lookup outside a transaction goes straight to the handle only while nobody holds
    // the connection; while a transaction does, it waits for it like any query.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = db()
      .db.transaction()
      .execute(async (trx) => {
        await trx.updateTable('lines').set({ language: 'en' }).where('number', '=', '+79520000001').execute();
        await held;
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const read = findLineLanguage(db().db, '+79520000001');
    release();
    expect(await read).toBe('ru');
    await transaction;
  });

  it("channels reuse a line's language for a minute, then read it again; unknown lines are never kept", async () => {
    const number = '+79520000002';
    const t0 = 1_000_000;
    expect(await lineLanguage(db().db, number, t0)).toBe('fa');
    await db().db.updateTable('lines').set({ language: 'ru' }).where('number', '=', number).execute();
    try {
      expect(await lineLanguage(db().db, number, t0 + LANGUAGE_TTL_MS - 1)).toBe('fa');
      expect(await lineLanguage(db().db, number, t0 + LANGUAGE_TTL_MS)).toBe('ru');
    } finally {
      await db().db.updateTable('lines').set({ language: 'fa' }).where('number', '=', number).execute();
    }
    expect(await lineLanguage(db().db, '+79529999998', t0)).toBeUndefined();
    const customer = await db().db.selectFrom('lines').select('customer_id').where('number', '=', number).executeTakeFirstOrThrow();
    const created = await insertLine(db().db, {
      customer_id: customer.customer_id,
      number: '+79529999998',
      segment: 'consumer',
      payment_type: 'prepaid',
      line_type: 'mobile',
      status: 'active',
      language: 'en',
      tariff_id: 'klassicheskiy',
      created_at: new Date(t0).toISOString(),
      updated_at: new Date(t0).toISOString(),
    });
    expect(created).toBeGreaterThan(0);
    expect(await lineLanguage(db().db, '+79529999998', t0 + 1)).toBe('en');
  });
});
