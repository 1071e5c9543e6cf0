/** The README promises two commands and lists every demo subscriber: keep it true. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profile, PROFILE_IDS, REPO_ROOT } from './support/factories.ts';

const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
/** Table rows as trimmed cells joined by `|`, whatever the column padding. */
const rows = new Set(
  readme
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim())
        .join('|'),
    ),
);

describe('README', () => {
  it('has a Quick start with exactly the two commands', () => {
    const quick = readme.split('## Quick start')[1]!.split('```')[1]!;
    expect(quick.trim().split('\n').slice(1)).toEqual(['npm install && npm start', 'npm test']);
  });

  it.each(PROFILE_IDS)('lists every demo subscriber of %s with segment, payment, line type and balance', (id) => {
    const p = profile(id);
    for (const customer of p.demo) {
      for (const line of customer.lines) {
        const balance = `${(line.balance / 10 ** p.currency.minorUnits).toFixed(p.currency.minorUnits)} ${p.currency.code}`;
        const row = [line.number, customer.name, customer.segment, line.paymentType, line.lineType, line.tariff, balance, line.status].join(
          '|',
        );
        expect(rows).toContain(row);
      }
    }
  });
});
