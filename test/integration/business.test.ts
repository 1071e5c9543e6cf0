/**
 * The business cabinet (S4.8) over HTTP on both engines: applications checked by PUK (wrong ones
 * refuse and store nothing, guesses are capped), review by operator admins only, approval moving
 * lines and making the contact number the company admin, who signs in by SMS code, sees and changes
 * only the company's lines, and downloads invoice, itemized and contract PDFs with the right text.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { getItemizedDetails } from '../../src/core/billing/get-itemized-details.ts';
import { PUK_MAX_FAILURES } from '../../src/core/business/submit-business-application.ts';
import { MemorySmsSender } from '../../src/core/identity/sms-sender.ts';
import { topUpBalance } from '../../src/core/ledger/top-up-balance.ts';
import { moneyView } from '../../src/core/money.ts';
import { ingestUsage } from '../../src/core/usage/ingest-usage.ts';
import { loadDemoPuks } from '../../src/seed/demo-business.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoActor, demoApp, tableCounts } from '../support/factories.ts';
import { FAST_HASHING, staff, staffPassword } from '../support/identity.ts';

const A = '+79520000001'; // PUK 11111111 (tele2-ru demo.yaml)
const B = '+79520000002'; // PUK 22222222
const CORPORATE = '+79520000011'; // PUK 33333333, already a company's line
const OTHER_COMPANY = '+79520000010';
const NO_PUK = '+79520000012';
const CONTACT = '+79991234567';
const CONTACT_2 = '+79997654321';
const COMPANY = 'Romashka Trading LLC';
const FAST = { KABINET_SCRYPT_COST: String(FAST_HASHING.cost) };

type Res = Awaited<ReturnType<App['inject']>>;
const json = <T = Record<string, unknown>>(res: Res) => res.json<T>();

function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
}

describeEachDatabase('business cabinet (tele2-ru)', (db) => {
  let app: App;
  let deps: Awaited<ReturnType<typeof demoApp>>['deps'];
  const sms = new MemorySmsSender();
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  let adminToken = '';
  let companyToken = '';
  let firstId = 0;

  const apply = (body: Record<string, unknown>, lang = 'en') =>
    app.inject({ method: 'POST', url: `/api/v1/business/applications?lang=${lang}`, payload: body });
  const staffLogin = async (login: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/staff/login',
      payload: { login, password: staffPassword(login), client: 'api' },
    });
    expect(res.statusCode).toBe(200);
    return String(json(res).token);
  };

  beforeAll(async () => {
    const built = await demoApp(db(), 'tele2-ru', FAST, { sms });
    app = built.app;
    deps = built.deps;
    expect(await loadDemoPuks(deps.db, deps.profile, FAST_HASHING, deps.clock.now())).toBe(3);
    const identity = { ...deps, sms, hashing: FAST_HASHING };
    await staff(identity, 'opadmin', 'operator-admin');
    await staff(identity, 'agent1', 'agent');
    adminToken = await staffLogin('opadmin');
  });
  afterAll(async () => app.close());

  it('stores an application with right PUKs as pending, never the PUKs', async () => {
    const res = await apply({
      company: COMPANY,
      region: 'Saint Petersburg',
      contactNumber: '8 999 123-45-67',
      lines: [
        { number: A, puk: '11111111' },
        { number: '8 952 000-00-02', puk: '22222222' },
      ],
      message: 'Please connect our two lines.',
    });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ status: 'pending', lines: [A, B] });
    firstId = Number(json(res).id);
    const rows = await db().db.selectFrom('business_applications').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ contact_number: CONTACT, status: 'pending', company: COMPANY });
    expect(JSON.stringify(rows)).not.toMatch(/11111111|22222222/);
    const pukRows = await db().db.selectFrom('line_puks').select('puk_hash').execute();
    expect(pukRows.every((r) => r.puk_hash.startsWith('scrypt$'))).toBe(true);
    expect(JSON.stringify(pukRows)).not.toMatch(/11111111|22222222/);
  });

  it('refuses wrong PUKs naming the line, and writes nothing but the guess counter', async () => {
    const before = await tableCounts(db());
    const res = await apply(
      {
        company: 'Wrong Co',
        region: 'Moscow',
        contactNumber: CONTACT_2,
        lines: [
          { number: A, puk: '11111111' },
          { number: B, puk: '99999999' },
        ],
      },
      'ru',
    );
    expect(res.statusCode).toBe(422);
    const problem = json<{ code: string; detail: string; fields: { path: string }[] }>(res);
    expect(problem.code).toBe('puk_invalid');
    expect(problem.detail).toContain(B);
    expect(problem.detail).not.toContain(A);
    expect(problem.detail).toMatch(/PUK-код/);
    expect(problem.fields.map((f) => f.path)).toEqual(['lines.1.puk']);
    const after = await tableCounts(db());
    expect({ ...after, identity_throttles: 0 }).toEqual({ ...before, identity_throttles: 0 });
    // A line without a PUK or an unknown number is "wrong" the same way (no enumeration).
    const unknown = await apply({
      company: 'X Co',
      region: 'Moscow',
      contactNumber: CONTACT_2,
      lines: [{ number: '+79529999999', puk: '12345678' }],
    });
    expect(json(unknown).code).toBe('puk_invalid');
  });

  it('caps PUK guesses per line: the failure after the allowed ones locks, even for the right PUK', async () => {
    const guess = (puk: string) =>
      apply({ company: 'Guess Co', region: 'Moscow', contactNumber: CONTACT_2, lines: [{ number: NO_PUK, puk }] });
    for (let i = 0; i < PUK_MAX_FAILURES; i++) expect(json(await guess(`1000000${i}`)).code).toBe('puk_invalid');
    const locked = await guess('10000009');
    expect(locked.statusCode).toBe(429);
    expect(json(locked).code).toBe('puk_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(3600);
    expect(json(await guess('10000000')).code).toBe('puk_locked');
  });

  it('refuses a line that already belongs to a company, and bad input field by field', async () => {
    const taken = await apply({
      company: 'Taker',
      region: 'Moscow',
      contactNumber: CONTACT_2,
      lines: [{ number: CORPORATE, puk: '33333333' }],
    });
    expect(taken.statusCode).toBe(409);
    expect(json(taken).code).toBe('line_already_corporate');
    const bad = await apply({ company: 'X', region: 'Moscow', contactNumber: 'call me', lines: [{ number: A, puk: '12' }] });
    expect(bad.statusCode).toBe(400);
    expect(json<{ fields: { path: string }[] }>(bad).fields.map((f) => f.path)).toEqual(['company', 'contactNumber', 'lines.0.puk']);
  });

  it('lets only operator admins list and review', async () => {
    const list = (headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url: '/api/v1/business/applications?status=pending', headers });
    expect((await list()).statusCode).toBe(401);
    const agentToken = await staffLogin('agent1');
    expect((await list(bearer(agentToken))).statusCode).toBe(403);
    const review = await app.inject({
      method: 'POST',
      url: `/api/v1/business/applications/${firstId}/review`,
      headers: bearer(agentToken),
      payload: { decision: 'approve' },
    });
    expect(review.statusCode).toBe(403);
    const mine = await list(bearer(adminToken));
    expect(mine.statusCode).toBe(200);
    const apps = json<{ applications: { id: number; lines: string[]; company: string }[] }>(mine).applications;
    expect(apps).toEqual([expect.objectContaining({ id: firstId, lines: [A, B], company: COMPANY })]);
  });

  it('rejects with a reason (required) and texts the applicant; a reviewed application cannot be reviewed again', async () => {
    const second = await apply({
      company: 'Second Co',
      region: 'Moscow',
      contactNumber: CONTACT_2,
      lines: [{ number: A, puk: '11111111' }],
    });
    const id = Number(json(second).id);
    const url = `/api/v1/business/applications/${id}/review`;
    const noReason = await app.inject({ method: 'POST', url, headers: bearer(adminToken), payload: { decision: 'reject' } });
    expect(noReason.statusCode).toBe(400);
    const rejected = await app.inject({
      method: 'POST',
      url,
      headers: bearer(adminToken),
      payload: { decision: 'reject', reason: 'Duplicate of application 1' },
    });
    expect(rejected.statusCode).toBe(200);
    expect(json(rejected)).toMatchObject({ status: 'rejected', reason: 'Duplicate of application 1', reviewedBy: 'opadmin' });
    expect(sms.last(CONTACT_2)?.text).toContain('Duplicate of application 1');
    const again = await app.inject({ method: 'POST', url, headers: bearer(adminToken), payload: { decision: 'approve' } });
    expect(json(again).code).toBe('application_not_pending');
    const line = await db().db.selectFrom('lines').select(['customer_id', 'segment']).where('number', '=', A).executeTakeFirstOrThrow();
    expect(line.segment).toBe('consumer');
  });

  it('approves: the lines move under the company with an audit record each, and the contact number becomes its admin', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/business/applications/${firstId}/review`,
      headers: bearer(adminToken),
      payload: { decision: 'approve' },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'approved' });
    const customer = await db().db.selectFrom('customers').selectAll().where('name', '=', COMPANY).executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ kind: 'corporate', region: 'Saint Petersburg' });
    const lines = await db().db.selectFrom('lines').select(['number', 'customer_id', 'segment']).where('number', 'in', [A, B]).execute();
    expect(lines.map((l) => [Number(l.customer_id), l.segment])).toEqual([
      [Number(customer.id), 'corporate'],
      [Number(customer.id), 'corporate'],
    ]);
    const moves = await db()
      .db.selectFrom('audit_log')
      .select(['subject_id', 'actor_id'])
      .where('action', '=', 'business.line.move')
      .execute();
    expect(moves.map((m) => m.subject_id).sort()).toEqual([A, B]);
    expect(moves.every((m) => m.actor_id === 'opadmin')).toBe(true);
    expect(sms.last(CONTACT)?.text).toContain(COMPANY);

    // The contact number signs in by SMS code; another number gets the same answer and no SMS.
    const stranger = await app.inject({ method: 'POST', url: '/api/v1/business/login/code', payload: { number: CONTACT_2 } });
    expect(stranger.statusCode).toBe(202);
    expect(sms.sentTo(CONTACT_2).some((m) => /\b\d{6}\b/.test(m.text))).toBe(false);
    const sent = await app.inject({ method: 'POST', url: '/api/v1/business/login/code', payload: { number: CONTACT } });
    expect(json(sent)).toEqual(json(stranger));
    const code = /\b(\d{6})\b/.exec(sms.last(CONTACT)?.text ?? '')?.[1] ?? '';
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/business/login',
      payload: { number: CONTACT, code: '000000', client: 'api' },
    });
    expect(wrong.statusCode).toBe(401);
    const login = await app.inject({ method: 'POST', url: '/api/v1/business/login', payload: { number: CONTACT, code, client: 'api' } });
    expect(login.statusCode).toBe(200);
    expect(json(login)).toMatchObject({ principal: { role: 'corporate-admin', id: CONTACT } });
    companyToken = String(json(login).token);
  });

  it('shows the company admin only their lines; they change their line but not another company', async () => {
    const company = await app.inject({ method: 'GET', url: '/api/v1/business/company?lang=en', headers: bearer(companyToken) });
    expect(company.statusCode).toBe(200);
    const view = json<{ company: { name: string }; lines: { number: string; tariff: { id: string }; balance: { minor: number } }[] }>(
      company,
    );
    expect(view.company.name).toBe(COMPANY);
    expect(view.lines.map((l) => l.number)).toEqual([A, B]);
    expect(view.lines[0]).toMatchObject({ tariff: { id: 'moy-razgovor' }, balance: { minor: 18540 } });
    const change = await app.inject({
      method: 'PUT',
      url: `/api/v1/lines/${encodeURIComponent(A)}/tariff`,
      headers: bearer(companyToken),
      payload: { tariffId: 'biznes' },
    });
    expect(change.statusCode).toBe(200);
    const other = await app.inject({
      method: 'PUT',
      url: `/api/v1/lines/${encodeURIComponent(OTHER_COMPANY)}/tariff`,
      headers: bearer(companyToken),
      payload: { tariffId: 'biznes' },
    });
    expect(other.statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/lines/${encodeURIComponent(OTHER_COMPANY)}`, headers: bearer(companyToken) }))
        .statusCode,
    ).toBe(403);
    // Staff without a company and subscribers have no company view.
    expect((await app.inject({ method: 'GET', url: '/api/v1/business/company', headers: bearer(adminToken) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/business/company' })).statusCode).toBe(401);
  });

  it('renders invoice, itemized report and contract summary as PDFs with the company, the lines and the totals', async () => {
    await topUpBalance(
      deps,
      { number: B, amount: 10_000, source: 'card', externalRef: null, language: 'en', idempotencyKey: 'biz-top-up' },
      demoActor,
    );
    await ingestUsage(deps, {
      batchKey: 'biz-usage',
      source: 'api',
      records: [{ number: B, type: 'sms', counterparty: '+79161234567', start: '2026-11-20T09:00:00Z', count: 2 }],
    });
    const get = (kind: string, lang: string, period = '2026-11') =>
      app.inject({
        method: 'GET',
        url: `/api/v1/business/company/documents/${kind}.pdf?period=${period}&lang=${lang}`,
        headers: bearer(companyToken),
      });

    const invoice = await get('invoice', 'en');
    expect(invoice.statusCode).toBe(200);
    expect(invoice.headers['content-type']).toBe('application/pdf');
    expect(invoice.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const charged = await Promise.all(
      [A, B].map(
        async (n) => (await getItemizedDetails(deps, { number: n, from: '2026-11-01', to: '2026-11-30', language: 'en' })).charged.minor,
      ),
    );
    expect(charged[1]).toBeGreaterThan(0);
    const text = pdfText(invoice.rawPayload);
    const total = moneyView(charged[0]! + charged[1]!, deps.profile.currency, 'en').text.replace(/\s+/g, ' ');
    expect(text).toContain(COMPANY);
    expect(text).toContain(A);
    expect(text).toContain(B);
    expect(text).toContain(`Total for all lines: ${total}`);

    const itemized = pdfText((await get('itemized', 'en')).rawPayload);
    expect(itemized).toContain('Itemized report');
    expect(itemized).toContain(`Line: ${B}`);
    expect(itemized).toMatch(/SMS \+79161234567/);

    const contract = pdfText((await get('contract', 'ru')).rawPayload);
    expect(contract).toContain('Сводка по договору');
    expect(contract).toContain(COMPANY);
    expect(contract).toContain('Бизнес');
    expect(contract).toContain(A);

    expect((await get('invoice', 'en', '2026-13')).statusCode).toBe(400);
    expect((await get('receipt', 'en')).statusCode).toBe(400);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/business/company/documents/invoice.pdf?period=2026-11' });
    expect(anonymous.statusCode).toBe(401);
  });
});
