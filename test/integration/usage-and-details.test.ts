/** Usage ingestion (JSON, CSV, CLI), rating, spend, itemized details (JSON, CSV, PDF) and notifications, on both databases. */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { runBillingCycle } from '../../src/core/billing/run-billing-cycle.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { AppError } from '../../src/core/errors.ts';
import { lineBalances } from '../../src/core/ledger/account.repository.ts';
import { getSpend } from '../../src/core/usage/get-spend.ts';
import { importUsageCsv } from '../../src/core/usage/import-usage-csv.ts';
import { ingestUsage } from '../../src/core/usage/ingest-usage.ts';
import { ledgerProblems, secondStorage, topUpForTest } from '../support/billing.ts';
import { describeEachDatabase, REQUIRE_ALL } from '../support/databases.ts';
import { demoDeps, fixedClock, REPO_ROOT, tableCounts, testConfig } from '../support/factories.ts';

const run = promisify(execFile);

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (REQUIRE_ALL) throw new Error('pdftotext (poppler-utils) is missing; KABINET_REQUIRE_ALL=1 forbids skipping');
    console.warn('[skip] PDF text checks: pdftotext (poppler-utils) is not installed');
    return false;
  }
}
const PDFTOTEXT = hasPdftotext();

/** The text of a PDF as pdftotext reads it, without bidi control marks. */
function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'd.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'd.pdf'), '-'], { encoding: 'utf8' }).replace(
      /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g,
      '',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function codeOf(promise: Promise<unknown>): Promise<AppError | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

async function lineId(deps: CoreDeps, number: string): Promise<number> {
  return Number((await deps.db.selectFrom('lines').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id);
}

describeEachDatabase('usage, spend and itemized details (tele2-ru)', (db, kind) => {
  let deps: CoreDeps;
  let app: App;
  const RU = '+79520000001'; // Moy Razgovor: 400 min, 50 SMS, 2 GB included; 1.50 each beyond; balance 185.40
  const FA = '+79520000002'; // Classic, Persian-speaking
  beforeAll(async () => {
    const base = await demoDeps(db(), 'tele2-ru');
    deps = { ...base, clock: fixedClock('2026-12-02T10:00:00.000Z') };
    app = await buildApp(testConfig({ KABINET_PROFILE: 'tele2-ru' }), { storage: db(), profile: deps.profile, clock: deps.clock });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('rates by tariff (allowances first, then unit prices, per month in Moscow time) and keeps daily and monthly spend', async () => {
    await ingestUsage(deps, {
      batchKey: 'rating-1',
      source: 'api',
      records: [{ number: RU, type: 'voice', counterparty: '+79161234567', start: '2026-11-10T08:00:00Z', seconds: 398 * 60 + 30 }],
    });
    const result = await ingestUsage(deps, {
      batchKey: 'rating-2',
      source: 'api',
      records: [
        { number: RU, type: 'voice', counterparty: '+79161234567', start: '2026-11-11T08:00:00+03:00', seconds: 125 }, // 3 min: 1 included, 2 paid
        { number: RU, type: 'sms', counterparty: '+79161234567', start: '2026-11-11T09:00:00Z', count: 51 }, // 50 included, 1 paid
        { number: RU, type: 'data', start: '2026-11-12T09:00:00Z', kilobytes: 2048 * 1024 + 1 }, // 2049 MB: 2048 included, 1 paid
        { number: RU, type: 'voice', counterparty: '+79161234567', start: '2026-11-30T21:30:00Z', seconds: 60 }, // 00:30 on Dec 1 in Moscow: December's allowance
      ],
    });
    expect(result).toEqual({ batchKey: 'rating-2', records: 4, amount: 600, lines: 1, blocked: 0 });
    expect((await lineBalances(deps.db, await lineId(deps, RU))).main).toBe(18_540 - 600);
    const november = await getSpend(deps, { number: RU, month: '2026-11', language: 'en' });
    expect(november.total.minor).toBe(600);
    expect(november.byKind.map((k) => [k.kind, k.units, k.includedUnits, k.amount.minor])).toEqual([
      ['data', 2049, 2048, 150],
      ['sms', 51, 50, 150],
      ['voice', 402, 400, 300],
    ]);
    expect(november.days.map((d) => [d.day, d.total.minor])).toEqual([
      ['2026-11-10', 0],
      ['2026-11-11', 450],
      ['2026-11-12', 150],
    ]);
    const december = await getSpend(deps, { number: RU, language: 'en' });
    expect(december.month).toBe('2026-12');
    expect(december.byKind).toEqual([{ kind: 'voice', units: 1, includedUnits: 1, amount: expect.objectContaining({ minor: 0 }) }]);
  });

  it('refuses a batch with bad records, naming each one, and writes nothing', async () => {
    const before = await tableCounts(db());
    const error = await codeOf(
      ingestUsage(deps, {
        batchKey: 'bad-1',
        source: 'api',
        records: [
          { number: RU, type: 'voice', counterparty: '+79161234567', start: '2026-11-13T08:00:00Z', seconds: 60 },
          { number: '89520000001', type: 'voice', counterparty: '+79161234567', start: '2026-11-13T08:00:00Z', seconds: 60 },
          { number: RU, type: 'voice', counterparty: '+79161234567', start: '2026-11-13T08:00:00Z' },
          { number: RU, type: 'sms', counterparty: '+79161234567', start: '2026-12-24T08:00:00Z' },
          { number: '+79529999999', type: 'sms', counterparty: '+79161234567', start: '2026-11-13T08:00:00Z' },
          { number: RU, type: 'data', start: 'yesterday', kilobytes: 5 },
        ],
      }),
    );
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('invalid_input');
    expect(e.fields.map((f) => f.path)).toEqual(['records[1]', 'records[2]', 'records[3]', 'records[4]', 'records[5]']);
    expect(e.fields[3]!.message).toContain('no line');
    expect(await tableCounts(db())).toEqual(before);
    // A batch key is used once: a retried upload is refused whole.
    const retry = await codeOf(
      ingestUsage(deps, {
        batchKey: 'rating-2',
        source: 'api',
        records: [{ number: RU, type: 'sms', counterparty: '+79161234567', start: '2026-11-13T08:00:00Z' }],
      }),
    );
    expect((retry as AppError).code).toBe('batch_already_imported');
    expect(await tableCounts(db())).toEqual(before);
  });

  it('imports CSV files: bad rows reported by line number with nothing written; a good file charged once', async () => {
    const before = await tableCounts(db());
    const bad = [
      'number,type,counterparty,start,seconds,kilobytes',
      `${RU},voice,+79161234567,2026-11-14T08:00:00Z,60,`,
      `${RU},call,+79161234567,2026-11-14T08:00:00Z,60,`,
      `${RU},data,,2026-11-14T08:00:00Z,,lots`,
      `${RU},sms,+79161234567,2026-11-14T08:00:00Z,,`,
      `${RU},voice,+79161234567,2026-11-14T08:00:00Z,,`,
    ].join('\n');
    const e1 = (await codeOf(importUsageCsv(deps, { text: bad }))) as AppError;
    expect(e1.code).toBe('invalid_input');
    expect(e1.fields.map((f) => f.path)).toEqual(['line 4']);
    const e2 = (await codeOf(importUsageCsv(deps, { text: bad.replace(',lots', ',7') }))) as AppError;
    expect(e2.fields.map((f) => f.path)).toEqual(['line 3', 'line 6']);
    const e3 = (await codeOf(importUsageCsv(deps, { text: 'number,kind\n+79520000001,voice\n' }))) as AppError;
    expect(e3.fields[0]!.path).toBe('line 1');
    expect(await tableCounts(db())).toEqual(before);

    const good = [
      'number,type,counterparty,start,seconds,kilobytes',
      `${FA},voice,+79161234567,2026-11-20T10:00:00Z,61,`,
      `${FA},sms,+79161234567,2026-11-20T10:05:00Z,,`,
      `"${FA}",data,,2026-11-20T10:10:00Z,,1024`,
    ].join('\r\n');
    await topUpForTest(deps, FA, 100_000);
    const response = await app.inject({ method: 'POST', url: '/api/v1/usage/csv', headers: { 'content-type': 'text/csv' }, payload: good });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      batchKey: expect.stringMatching(/^csv-sha256:/),
      records: 3,
      amount: 2 * 180 + 150 + 250,
      lines: 1,
      blocked: 0,
    });
    const again = await app.inject({ method: 'POST', url: '/api/v1/usage/csv', headers: { 'content-type': 'text/csv' }, payload: good });
    expect(again.statusCode).toBe(409);
    const badHttp = await app.inject({ method: 'POST', url: '/api/v1/usage/csv', headers: { 'content-type': 'text/csv' }, payload: bad });
    expect(badHttp.statusCode).toBe(400);
    expect(badHttp.json().fields).toEqual([{ path: 'line 4', message: 'kilobytes must be a whole number' }]);
  });

  it('answers bad JSON batches with 4xx and writes nothing', async () => {
    const before = await tableCounts(db());
    const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/usage', payload: payload as object });
    const record = { number: RU, type: 'sms', counterparty: '+79161234567', start: '2026-11-15T08:00:00Z' };
    expect((await post({ batchKey: 'x1', records: [{ ...record, extra: 1 }] })).statusCode).toBe(400);
    expect((await post({ batchKey: 'x2', records: [] })).statusCode).toBe(400);
    expect((await post({ batchKey: 'bad key!', records: [record] })).statusCode).toBe(400);
    expect((await post({ batchKey: 'x3', records: [{ ...record, number: '+79529999999' }] })).statusCode).toBe(400);
    expect((await post({ batchKey: 'rating-1', records: [record] })).statusCode).toBe(409);
    const xml = await app.inject({
      method: 'POST',
      url: '/api/v1/usage/csv',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect([xml.statusCode, xml.json().code]).toEqual([415, 'unsupported_media_type']);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/lines/${encodeURIComponent(RU)}/details?from=2026-11-31&to=2026-12-01` }))
        .statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/lines/${encodeURIComponent(RU)}/details?from=2026-12-01&to=2026-11-01` }))
        .statusCode,
    ).toBe(400);
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/lines/${encodeURIComponent(FA)}/promised-payment`, payload: { amount: 0 } }))
        .statusCode,
    ).toBe(400);
    expect(await tableCounts(db())).toEqual(before);
    const ok = await post({ batchKey: 'x4', records: [record] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ records: 1, amount: 150 }); // November's 50 SMS are used up
  });

  it('itemizes calls, SMS, data, top-ups and fees as JSON and CSV', async () => {
    await topUpForTest(deps, RU, 100_000);
    await runBillingCycle(deps); // December fees: Classic has none; Moy Razgovor 250.00 a month
    const url = (format: string) => `/api/v1/lines/${encodeURIComponent(FA)}/details${format}?from=2026-11-20&to=2026-12-02&lang=en`;
    const json = (await app.inject({ method: 'GET', url: url('') })).json<{ items: { type: string }[]; charged: { minor: number } }>();
    expect(json.items.map((i) => i.type)).toEqual(['voice', 'sms', 'data', 'top-up']);
    expect(json.charged.minor).toBe(760);
    const csv = await app.inject({ method: 'GET', url: url('.csv') });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('time,type,description,counterparty,quantity,amount,currency');
    expect(lines[1]).toBe('2026-11-20 13:00,voice,Call +79161234567,+79161234567,2 min,-3.60,RUB');
    expect(lines[2]).toBe('2026-11-20 13:05,sms,SMS +79161234567,+79161234567,1 SMS,-1.50,RUB');
    expect(lines[3]).toBe('2026-11-20 13:10,data,Mobile data,,1 MB,-2.50,RUB');
    expect(lines[4]).toMatch(/^2026-12-02 13:00,top-up,test top-up,,,1000\.00,RUB$/);

    const ru = (
      await app.inject({ method: 'GET', url: `/api/v1/lines/${encodeURIComponent(RU)}/details.csv?from=2026-12-01&to=2026-12-02&lang=ru` })
    ).body;
    expect(ru).toContain(',fee,абонентская плата «Мой разговор» 2026-12,,,-250.00,RUB');
    expect(ru).toContain(',voice,Звонок +79161234567,+79161234567,1 мин (1 в пакете),0.00,RUB');
    expect(await ledgerProblems(db())).toEqual([]);
  });

  it.runIf(PDFTOTEXT)('exports a PDF that reads in Persian and Russian', async () => {
    const pdf = async (number: string, lang: string) => {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/lines/${encodeURIComponent(number)}/details.pdf?from=2026-11-01&to=2026-12-02&lang=${lang}`,
      });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      return pdfText(r.rawPayload);
    };
    const fa = await pdf(FA, 'fa');
    for (const word of ['ریز جزئیات', 'تماس', 'پیامک', 'اینترنت همراه', 'شارژ حساب', 'مبلغ', '+79161234567', '2026-11-20 13:00'])
      expect(fa).toContain(word);
    const ru = await pdf(RU, 'ru');
    for (const word of ['Детализация', 'Звонок', 'Мобильный интернет', 'абонентская плата «Мой разговор»', 'Итого списано'])
      expect(ru).toContain(word);
  });

  it('queues SMS in the line language: a receipt per fee, low balance once when crossing the threshold', async () => {
    const id = await lineId(deps, RU);
    const sms = await deps.db
      .selectFrom('sms_outbox')
      .select(['template', 'language', 'text'])
      .where('line_id', '=', id)
      .orderBy('id')
      .execute();
    expect(sms.map((s) => [s.template, s.language])).toEqual([
      ['charge', 'ru'],
      ['charge', 'ru'],
    ]);
    expect(sms[0]!.text).toMatch(/^Списано 250,00\s₽: абонентская плата «Мой разговор» 2026-12\. Остаток: /);
    expect(sms[1]!.text).toMatch(/^Списано 1,00\s₽: плата за услугу «Чёрный список» 2026-12-02\. Остаток: /);
    // Spend below 30 RUB with data beyond December's 2 GB: one low-balance SMS; a free SMS after it sends none.
    const { main } = await lineBalances(deps.db, id);
    await ingestUsage(deps, {
      batchKey: 'low-1',
      source: 'api',
      records: [{ number: RU, type: 'data', start: '2026-12-02T09:00:00Z', kilobytes: (2048 + Math.ceil((main - 2_000) / 150)) * 1024 }],
    });
    await ingestUsage(deps, {
      batchKey: 'low-2',
      source: 'api',
      records: [{ number: RU, type: 'sms', counterparty: '+79161234567', start: '2026-12-02T09:05:00Z' }],
    });
    const after = await deps.db
      .selectFrom('sms_outbox')
      .select(['template', 'language', 'text'])
      .where('line_id', '=', id)
      .orderBy('id')
      .execute();
    expect(after.filter((s) => s.template === 'lowBalance')).toHaveLength(1);
    expect(after.find((s) => s.template === 'lowBalance')!.text).toMatch(/^На счёте осталось /);
  });

  it('keeps the ledger whole when batches over the same lines and a billing run overlap (a second pool on PostgreSQL)', async () => {
    const other = await secondStorage(db());
    try {
      const otherDeps = { ...deps, db: other.db };
      const lines = [RU, FA, '+79520000001', '+79520000002'];
      await topUpForTest(deps, RU, 1_000_000);
      await topUpForTest(deps, FA, 1_000_000);
      const batch = (key: string, order: string[]) => ({
        batchKey: key,
        source: 'api' as const,
        records: order.map((number, i) => ({
          number,
          type: 'sms' as const,
          counterparty: '+79161234567',
          start: `2026-12-02T0${i}:00:00Z`,
          count: 3,
        })),
      });
      const results = await Promise.all([
        ingestUsage(deps, batch('overlap-1', lines)),
        ingestUsage(kind === 'postgres' ? otherDeps : deps, batch('overlap-2', [...lines].reverse())),
        ingestUsage(deps, batch('overlap-3', [FA, RU])),
        runBillingCycle(kind === 'postgres' ? otherDeps : deps),
        ingestUsage(kind === 'postgres' ? otherDeps : deps, batch('overlap-4', [RU, FA, RU])),
      ]);
      expect(results).toHaveLength(5);
      const batches = await db().db.selectFrom('usage_batches').select('batch_key').where('batch_key', 'like', 'overlap-%').execute();
      expect(batches).toHaveLength(4);
      expect(await ledgerProblems(db())).toEqual([]);
    } finally {
      await other.close();
    }
  });

  if (kind === 'sqlite')
    it('imports a CSV file from the command line, and reports bad rows with nothing written', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-cli-'));
      const env = {
        ...process.env,
        NODE_ENV: 'test',
        SQLITE_FILE: db().sqlite!.name,
        KABINET_PROFILE: 'tele2-ru',
        KABINET_PROFILES_DIR: path.join(REPO_ROOT, 'profiles'),
        DATABASE_URL: '',
      };
      delete (env as Record<string, string | undefined>).DATABASE_URL;
      const cli = (file: string) =>
        run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts'), 'usage', 'import', file], {
          env,
          cwd: REPO_ROOT,
        }).then(
          (r) => ({ code: 0, ...r }),
          (e: { code: number; stdout: string; stderr: string }) => e,
        );
      try {
        const before = await tableCounts(db());
        fs.writeFileSync(
          path.join(dir, 'bad.csv'),
          `number,type,counterparty,start,seconds,kilobytes\n${FA},voice,+79161234567,2026-11-21T08:00:00Z,x,\n`,
        );
        const bad = await cli(path.join(dir, 'bad.csv'));
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('line 2: seconds must be a whole number');
        expect(await tableCounts(db())).toEqual(before);
        fs.writeFileSync(
          path.join(dir, 'good.csv'),
          `number,type,counterparty,start,seconds,kilobytes\n${FA},voice,+79161234567,2026-11-21T08:00:00Z,30,\n`,
        );
        const good = await cli(path.join(dir, 'good.csv'));
        expect(good.stdout).toContain('Imported 1 usage records for 1 lines; charged 180');
        expect(good.code).toBe(0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
});

describeEachDatabase('itemized details PDF (telekom-hu)', (db) => {
  it.runIf(PDFTOTEXT)('reads in Hungarian', async () => {
    const base = await demoDeps(db(), 'telekom-hu');
    const deps = { ...base, clock: fixedClock('2026-11-21T10:00:00.000Z') };
    await ingestUsage(deps, {
      batchKey: 'hu-1',
      source: 'api',
      records: [{ number: '+36301234568', type: 'voice', counterparty: '+36209998877', start: '2026-11-20T09:00:00Z', seconds: 95 }],
    });
    const app = await buildApp(testConfig({ KABINET_PROFILE: 'telekom-hu' }), { storage: db(), profile: deps.profile, clock: deps.clock });
    try {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/lines/${encodeURIComponent('+36301234568')}/details.pdf?from=2026-11-20&to=2026-11-21&lang=hu`,
      });
      expect(r.statusCode).toBe(200);
      const text = pdfText(r.rawPayload);
      for (const word of [
        'Részletes számlamelléklet',
        'Előfizetés',
        'Időszak',
        'Hívás +36209998877',
        'Összes terhelés',
        'Ft',
        '2026-11-20 10:00',
      ])
        expect(text).toContain(word);
    } finally {
      await app.close();
    }
  });
});
