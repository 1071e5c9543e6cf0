/** The three shipped profiles load; broken ones are refused with file, path and line. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../config.ts';
import { startServer } from '../server.ts';
import { loadProfile, ProfileError } from './load.ts';

const PROFILES = path.resolve(import.meta.dirname, '../../profiles');
const temp: string[] = [];
afterEach(() => {
  for (const dir of temp.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Copies a shipped profile to a temporary folder and lets the test break one file. */
function brokenCopy(id: string, file: string, edit: (doc: Record<string, unknown>) => void): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-profile-'));
  temp.push(root);
  const dir = path.join(root, id);
  fs.cpSync(path.join(PROFILES, id), dir, { recursive: true });
  const target = path.join(dir, `${file}.yaml`);
  const doc = parse(fs.readFileSync(target, 'utf8')) as Record<string, unknown>;
  edit(doc);
  fs.writeFileSync(target, stringify(doc));
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadProfile(dir);
  } catch (error) {
    if (error instanceof ProfileError) return error.message.split('\n').slice(1);
    throw error;
  }
  return [];
}

type Catalog = { tariffs: { id: string; includedServices?: string[] }[]; services: { id: string; activation?: { ussd?: string } }[] };
type Demo = { customers: { lines: { tariff: string; number: string }[] }[] };
type Ivr = { menu: { key: string; goto?: string; items?: unknown[]; action?: string }[] };

describe('operator profiles', () => {
  it.each(['mts-ru', 'telekom-hu', 'tele2-ru'])('%s loads and converts money to minor units', (id) => {
    const profile = loadProfile(path.join(PROFILES, id));
    expect(profile.id).toBe(id);
    expect(profile.tariffs.length).toBeGreaterThan(0);
    for (const t of profile.tariffs) expect(Number.isInteger(t.fee.amount)).toBe(true);
    expect(profile.demo.length).toBeGreaterThan(0);
  });

  it('reproduces the 1412 menu of seed 001 with its keys (S1.3, S1.4)', () => {
    const { ivr } = loadProfile(path.join(PROFILES, 'telekom-hu'));
    const paths: string[] = [];
    const walk = (items: typeof ivr.menu, prefix: string) =>
      items.forEach((n) => {
        const p = prefix ? `${prefix}.${n.key}` : n.key;
        paths.push(p);
        if (n.items) walk(n.items, p);
      });
    walk(ivr.menu, '');
    const expected = [
      '1',
      '2',
      '2.1',
      '2.1.1',
      '2.1.1.1',
      '2.1.1.2',
      '2.1.1.3',
      '2.1.1.4',
      '2.1.2',
      '2.1.2.1',
      '2.1.2.2',
      '2.1.2.3',
      '2.1.2.4',
    ];
    expected.push('2.1.3', '2.1.4', '2.2', '2.3', '2.4', '2.9', '3', '3.1', '3.2', '3.3', '4', '4.1', '4.2', '4.3', '4.4', '4.5');
    expected.push('5', '5.1', '5.2', '5.3', '5.4', '5.5', '9');
    expect(paths.filter((p) => !p.startsWith('1.'))).toEqual(expected);
    expect(ivr.menu.find((n) => n.key === '2')?.label.hu).toBe('Akciók, díjcsomagok, szolgáltatások');
    expect(ivr.globalKeys.map((k) => [k.key, k.action])).toEqual(
      expect.arrayContaining([
        ['*', 'back'],
        ['0', 'agent'],
        ['1', 'self-service'],
      ]),
    );
    expect(ivr.mainMenuKeys.map((k) => [k.key, k.action])).toEqual([
      ['*', 'agent-identified'],
      ['#', 'agent-unidentified'],
    ]);
  });

  it('refuses a demo line on an unknown tariff, naming file, path and line', () => {
    const dir = brokenCopy('mts-ru', 'demo', (doc) => {
      (doc as unknown as Demo).customers[0]!.lines[0]!.tariff = 'no-such-tariff';
    });
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/demo\.yaml: customers\[0\]\.lines\[0\]\.tariff \(line \d+\): unknown tariff "no-such-tariff"/);
  });

  it('refuses a tariff including an unknown service', () => {
    const dir = brokenCopy('tele2-ru', 'catalog', (doc) => {
      (doc as unknown as Catalog).tariffs[1]!.includedServices = ['ghost'];
    });
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(/catalog\.yaml: tariffs\[1\]\.includedServices\[0\] \(line \d+\): unknown service "ghost"/),
    ]);
  });

  it('refuses two services with one USSD code', () => {
    const dir = brokenCopy('mts-ru', 'catalog', (doc) => {
      const services = (doc as unknown as Catalog).services;
      services[1]!.activation = { ...services[1]!.activation, ussd: services[0]!.activation!.ussd! };
    });
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(
        /catalog\.yaml: services\[1\]\.activation\.ussd \(line \d+\): "\*111\*2163#" is already used by service "electronic-assistant"/,
      ),
    ]);
  });

  it('refuses a menu item pointing nowhere', () => {
    const dir = brokenCopy('telekom-hu', 'ivr', (doc) => {
      const menu = (doc as unknown as Ivr).menu;
      menu.push({ key: '7', goto: '8.1', label: { hu: 'Sehova', en: 'Nowhere' } } as never);
    });
    const problems = problemsOf(dir);
    expect(problems).toEqual([
      expect.stringMatching(/ivr\.yaml: menu\[\d+\]\.goto \(line \d+\): points to menu item "8\.1", which does not exist/),
    ]);
  });

  it('refuses schema violations and missing languages, listing every problem', () => {
    const dir = brokenCopy('mts-ru', 'catalog', (doc) => {
      const catalog = doc as unknown as { tariffs: { fee: { amount: unknown }; names: Record<string, string> }[] };
      catalog.tariffs[0]!.fee.amount = 'free';
      catalog.tariffs[1]!.names = { ru: 'Только по-русски' };
    });
    const problems = problemsOf(dir);
    expect(problems).toEqual([expect.stringMatching(/catalog\.yaml: tariffs\[0\]\.fee\.amount \(line \d+\): .*number/i)]);
    const fixed = brokenCopy('mts-ru', 'catalog', (doc) => {
      (doc as unknown as { tariffs: { names: Record<string, string> }[] }).tariffs[1]!.names = { ru: 'Только по-русски' };
    });
    expect(problemsOf(fixed)).toEqual([expect.stringMatching(/catalog\.yaml: tariffs\[1\]\.names \(line \d+\): has no text in en/)]);
  });

  it('keeps the server from starting on a broken profile', async () => {
    const dir = brokenCopy('mts-ru', 'demo', (doc) => {
      (doc as unknown as Demo).customers[0]!.lines[0]!.number = '+7123';
    });
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      KABINET_PROFILES_DIR: path.dirname(dir),
      KABINET_PROFILE: 'mts-ru',
      SQLITE_FILE: path.join(dir, 'x.db'),
      PORT: '0',
    });
    await expect(startServer(config, () => undefined)).rejects.toThrow(
      /demo\.yaml: customers\[0\]\.lines\[0\]\.number .*not a valid RU phone number/,
    );
    expect(fs.existsSync(path.join(dir, 'x.db'))).toBe(false);
  });
});
