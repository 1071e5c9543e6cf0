/**
 * Itemized details of a line for a period of local days (S4.6): every call, SMS and data session
 * with its rating, and every top-up, fee and other posting of the main balance, in time order.
 * Usage debits are shown record by record, not as the batch postings that paid them.
 */
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { lineAccountId } from '../ledger/account.repository.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { listUsageRecords } from '../usage/usage.repository.ts';
import { listPostings } from './details.repository.ts';
import { label, type LabelKey } from './labels.ts';
import { localDateTime, nextLocalDate, parseLocalDate, startOfLocalDay } from './period.ts';

export type GetItemizedDetailsInput = { number: string; from: string; to: string; language: Language };

export type DetailItem = {
  at: string;
  localTime: string;
  type: 'voice' | 'sms' | 'data' | 'top-up' | 'fee' | 'charge' | 'credit';
  typeName: string;
  description: string;
  counterparty: string | null;
  quantity: string;
  /** Signed: negative money left the balance, positive came in. */
  amount: MoneyView;
};

export type ItemizedDetails = {
  number: string;
  from: string;
  to: string;
  timeZone: string;
  language: Language;
  items: DetailItem[];
  charged: MoneyView;
  credited: MoneyView;
};

const MAX_DAYS = 366;

export async function getItemizedDetails(deps: CoreDeps, input: GetItemizedDetailsInput): Promise<ItemizedDetails> {
  const { profile } = deps;
  const fromDate = parseLocalDate(input.from);
  const toDate = parseLocalDate(input.to);
  if (!fromDate || !toDate || input.from > input.to) {
    throw new AppError('invalid_input', `bad period ${input.from}..${input.to}`, {}, [
      { path: 'querystring.from', message: 'from and to are dates YYYY-MM-DD, from not after to' },
    ]);
  }
  const start = startOfLocalDay(fromDate, profile.timeZone);
  const end = startOfLocalDay(nextLocalDate(toDate), profile.timeZone);
  if (end.getTime() - start.getTime() > MAX_DAYS * 86_400_000) {
    throw new AppError('invalid_input', 'period too long', {}, [{ path: 'querystring.to', message: `at most ${MAX_DAYS} days` }]);
  }
  const line = await requireLine(deps, input.number);
  const lang = input.language;
  const money = (minor: number) => moneyView(minor, profile.currency, lang);
  const items: (DetailItem & { minor: number })[] = [];
  for (const r of await listUsageRecords(deps.db, line.id, start.toISOString(), end.toISOString())) {
    const unit = r.kind === 'voice' ? 'minutes' : r.kind === 'sms' ? 'messages' : 'megabytes';
    const included = r.includedUnits > 0 ? ` (${r.includedUnits} ${label('included', lang)})` : '';
    items.push({
      at: r.startedAt,
      localTime: localDateTime(new Date(r.startedAt), profile.timeZone),
      type: r.kind,
      typeName: label(r.kind, lang),
      description: r.counterparty ? `${label(r.kind, lang)} ${r.counterparty}` : label(r.kind, lang),
      counterparty: r.counterparty,
      quantity: `${r.units} ${label(unit, lang)}${included}`,
      amount: money(-r.amount),
      minor: -r.amount,
    });
  }
  const account = await lineAccountId(deps.db, line.id, 'main');
  if (account !== undefined) {
    for (const p of await listPostings(deps.db, account, start.toISOString(), end.toISOString())) {
      if (p.kind === 'usage') continue; // shown record by record above
      const type = postingType(p.kind, p.direction);
      const signed = p.direction === 'debit' ? -p.amount : p.amount;
      items.push({
        at: p.at,
        localTime: localDateTime(new Date(p.at), profile.timeZone),
        type,
        typeName: label(TYPE_LABEL[type], lang),
        description: p.description ?? p.kind,
        counterparty: null,
        quantity: '',
        amount: money(signed),
        minor: signed,
      });
    }
  }
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const charged = items.reduce((sum, i) => (i.minor < 0 ? sum - i.minor : sum), 0);
  const credited = items.reduce((sum, i) => (i.minor > 0 ? sum + i.minor : sum), 0);
  return {
    number: line.number,
    from: input.from,
    to: input.to,
    timeZone: profile.timeZone,
    language: lang,
    items: items.map(({ minor: _minor, ...item }) => item),
    charged: money(charged),
    credited: money(credited),
  };
}

const TYPE_LABEL: Record<DetailItem['type'], LabelKey> = {
  voice: 'voice',
  sms: 'sms',
  data: 'data',
  'top-up': 'topUp',
  fee: 'fee',
  charge: 'charge',
  credit: 'credit',
};

function postingType(kind: string, direction: 'debit' | 'credit'): DetailItem['type'] {
  if (direction === 'credit') return /top-?up/i.test(kind) ? 'top-up' : 'credit';
  return kind.endsWith('fee') ? 'fee' : 'charge';
}
