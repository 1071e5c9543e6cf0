/**
 * Renders a company document as PDF for the company admin (S4.8): an invoice copy (every line's
 * charges of a month and the totals), an itemized report (each line's items of the month, from
 * the itemized details of S4.6) or a contract summary (company, lines, tariffs, services, fees).
 */
import type { Language } from '../../profiles/schema.ts';
import { getItemizedDetails } from '../billing/get-itemized-details.ts';
import { localDateTime } from '../billing/period.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { authorize, type Principal } from '../identity/policy.ts';
import { moneyView } from '../money.ts';
import { findCustomer } from '../subscribers/line.repository.ts';
import { companyDocumentPdf, type DocumentBlock } from './company-document-pdf.ts';
import { docLabel, type DocumentLabel } from './document-labels.ts';
import { companySnapshot, type CompanyOverview, type PricedItem } from './get-company-overview.ts';

export const COMPANY_DOCUMENTS = ['invoice', 'itemized', 'contract'] as const;
export type CompanyDocumentKind = (typeof COMPANY_DOCUMENTS)[number];

export type RenderCompanyDocumentInput = { kind: CompanyDocumentKind; period: string; language: Language };

export type RenderedDocument = { filename: string; pdf: Buffer };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export async function renderCompanyDocument(
  deps: CoreDeps,
  principal: Principal | null,
  input: RenderCompanyDocumentInput,
): Promise<RenderedDocument> {
  const admin = authorize(principal, 'company.read');
  const month = MONTH.exec(input.period);
  if (!month)
    throw new AppError('invalid_input', `bad period ${input.period}`, {}, [{ path: 'querystring.period', message: 'a month YYYY-MM' }]);
  const customerId = admin.customerId;
  const customer = customerId === null ? undefined : await findCustomer(deps.db, customerId);
  if (customerId === null || customer?.kind !== 'corporate') throw new AppError('forbidden', `${admin.id} has no company`);
  const lang = input.language;
  const company = await companySnapshot(deps, customerId, customer, lang);
  const lastDay = new Date(Date.UTC(Number(month[1]), Number(month[2]), 0)).getUTCDate();
  const from = `${input.period}-01`;
  const to = `${input.period}-${String(lastDay).padStart(2, '0')}`;
  const L = (key: DocumentLabel) => docLabel(key, lang);
  const title = `${deps.profile.brand} — ${L(input.kind)}`;
  const head: DocumentBlock[] = [
    { kind: 'title', text: title },
    { kind: 'text', text: `${L('company')}: ${company.company.name}` },
    ...(company.company.region ? [{ kind: 'text' as const, text: `${L('region')}: ${company.company.region}` }] : []),
    { kind: 'text', text: input.kind === 'contract' ? `${L('issued')}: ${issued(deps)}` : `${L('period')}: ${from} — ${to}` },
  ];
  const blocks =
    input.kind === 'invoice'
      ? await invoiceBlocks(deps, company, from, to, lang)
      : input.kind === 'itemized'
        ? await itemizedBlocks(deps, company, from, to, lang)
        : contractBlocks(deps, company, lang);
  const pdf = await companyDocumentPdf({ title, language: lang, blocks: [...head, ...blocks] });
  return { filename: `${input.kind}-${input.kind === 'contract' ? issued(deps).slice(0, 10) : input.period}.pdf`, pdf };
}

function issued(deps: CoreDeps): string {
  return localDateTime(deps.clock.now(), deps.profile.timeZone);
}

async function invoiceBlocks(deps: CoreDeps, company: CompanyOverview, from: string, to: string, lang: Language): Promise<DocumentBlock[]> {
  const money = (minor: number) => moneyView(minor, deps.profile.currency, lang).text;
  const L = (key: DocumentLabel) => docLabel(key, lang);
  const rows: string[][] = [];
  let grand = 0;
  for (const line of company.lines) {
    const details = await getItemizedDetails(deps, { number: line.number, from, to, language: lang });
    let fees = 0;
    let usage = 0;
    let other = 0;
    for (const item of details.items) {
      if (item.amount.minor >= 0) continue;
      const spent = -item.amount.minor;
      if (item.type === 'fee') fees += spent;
      else if (item.type === 'voice' || item.type === 'sms' || item.type === 'data') usage += spent;
      else other += spent;
    }
    grand += details.charged.minor;
    rows.push([line.number, line.tariff.name, money(fees), money(usage), money(other), details.charged.text]);
  }
  return [
    {
      kind: 'table',
      shares: [0.2, 0.24, 0.14, 0.14, 0.14, 0.14],
      header: [L('line'), L('tariff'), L('fees'), L('usage'), L('other'), L('total')],
      rows,
    },
    { kind: 'total', text: `${L('grandTotal')}: ${money(grand)}` },
  ];
}

async function itemizedBlocks(
  deps: CoreDeps,
  company: CompanyOverview,
  from: string,
  to: string,
  lang: Language,
): Promise<DocumentBlock[]> {
  const money = (minor: number) => moneyView(minor, deps.profile.currency, lang).text;
  const L = (key: DocumentLabel) => docLabel(key, lang);
  const blocks: DocumentBlock[] = [];
  let grand = 0;
  for (const line of company.lines) {
    const details = await getItemizedDetails(deps, { number: line.number, from, to, language: lang });
    grand += details.charged.minor;
    blocks.push({ kind: 'heading', text: `${L('line')}: ${line.number} — ${line.tariff.name}` });
    if (details.items.length === 0) blocks.push({ kind: 'text', text: L('noItems') });
    else
      blocks.push({
        kind: 'table',
        shares: [0.2, 0.16, 0.44, 0.2],
        header: [L('time'), L('type'), L('description'), L('amount')],
        rows: details.items.map((i) => [
          i.localTime,
          i.typeName,
          i.quantity ? `${i.description} (${i.quantity})` : i.description,
          i.amount.text,
        ]),
      });
    blocks.push({ kind: 'text', text: `${L('total')}: ${details.charged.text}` });
  }
  blocks.push({ kind: 'total', text: `${L('grandTotal')}: ${money(grand)}` });
  return blocks;
}

function contractBlocks(deps: CoreDeps, company: CompanyOverview, lang: Language): DocumentBlock[] {
  const L = (key: DocumentLabel) => docLabel(key, lang);
  const fee = (item: PricedItem) => (item.fee ? `${item.fee.text} ${item.period === 'day' ? L('perDay') : L('perMonth')}` : '—');
  const rows: string[][] = [];
  for (const line of company.lines) {
    rows.push([line.number, line.tariff.name, fee(line.tariff), L(line.status)]);
    for (const service of line.services) rows.push(['', `+ ${service.name}`, fee(service), '']);
  }
  return [
    {
      kind: 'table',
      shares: [0.2, 0.4, 0.25, 0.15],
      header: [L('line'), `${L('tariff')} / ${L('services')}`, L('fees'), L('status')],
      rows,
    },
    { kind: 'total', text: `${L('monthlyFee')}: ${company.monthlyFees.text}` },
  ];
}
