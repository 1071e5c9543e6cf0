/** Demo and synthetic data on both databases: plausible, eligible, and money that adds up. */
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { ineligibilityReasons } from '../../src/core/catalog/eligibility.ts';
import { findTariff } from '../../src/profiles/profile.ts';
import { loadDemoData } from '../../src/seed/demo.ts';
import { seedSynthetic } from '../../src/seed/synthetic.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { profile } from '../support/factories.ts';

describeEachDatabase('seeding', (db) => {
  it('loads demo data once, then seeds synthetic subscribers after it, twice without clashes', async () => {
    const p = profile('telekom-hu');
    const storage = db();
    expect((await loadDemoData(storage.db, p, new Date())).loaded).toBe(true);
    expect((await loadDemoData(storage.db, p, new Date())).loaded).toBe(false);
    const first = await seedSynthetic(storage, p, { subscribers: 1500, seed: 7, batchSize: 400 });
    const second = await seedSynthetic(storage, p, { subscribers: 700, seed: 8 });
    expect(first.subscribers + second.subscribers).toBe(2200);

    const lines = await storage.db.selectFrom('lines').selectAll().execute();
    const demoLines = p.demo.reduce((n, c) => n + c.lines.length, 0);
    expect(lines).toHaveLength(2200 + demoLines);
    expect(new Set(lines.map((l) => l.number)).size).toBe(lines.length);
    for (const line of lines) {
      expect(isValidPhoneNumber(line.number, 'HU')).toBe(true);
      const tariff = findTariff(p, line.tariff_id);
      expect(tariff).toBeDefined();
      expect(
        ineligibilityReasons(tariff!.eligibility, { segment: line.segment, paymentType: line.payment_type, lineType: line.line_type }),
      ).toEqual([]);
    }
    const corporate = await storage.db.selectFrom('customers').select('id').where('kind', '=', 'corporate').execute();
    expect(corporate.length).toBeGreaterThan(0);

    // Every line has its tariff history row and a main account; money is only moved, never made.
    const open = await storage.db
      .selectFrom('tariff_history')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(open.n)).toBe(lines.length);
    const total = await sql<{ s: number | string }>`select coalesce(sum(balance), 0) as s from accounts where unit = 'HUF'`.execute(
      storage.db,
    );
    expect(Number(total.rows[0]!.s)).toBe(0);
    const mismatched = await sql<{ n: number | string }>`
      select count(*) as n from accounts a where a.balance <>
        (select coalesce(sum(amount), 0) from transfers where credit_account_id = a.id) -
        (select coalesce(sum(amount), 0) from transfers where debit_account_id = a.id)`.execute(storage.db);
    expect(Number(mismatched.rows[0]!.n)).toBe(0);

    // New rows after a bulk load with explicit ids still get fresh ids (PostgreSQL sequences moved on).
    const customers = await storage.db
      .selectFrom('customers')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirstOrThrow();
    const id = await storage.db
      .insertInto('customers')
      .values({ kind: 'individual', name: 'After seed', region: null, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Number(id.id)).toBe(Number(customers.m) + 1);
  });
});
