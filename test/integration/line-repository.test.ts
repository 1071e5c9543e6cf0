import { beforeAll, expect, it } from 'vitest';
import { findLineByNumber, findLineLanguage } from '../../src/core/subscribers/line.repository.ts';
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
});
