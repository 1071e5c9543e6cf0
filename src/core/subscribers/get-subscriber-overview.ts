/** The home screen of a line (S4.4): who, what tariff and services with fees, balance, last payment and debit, black list. */
import { findService, findTariff, localize } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { lineBalances } from '../ledger/account.repository.ts';
import { findLastPostings, type LastPosting } from '../ledger/last-posting.repository.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { findCustomer, listBlockedNumbers } from './line.repository.ts';
import { requireLine } from './require-line.ts';
import { listActiveServiceIds } from './subscription.repository.ts';

export type GetSubscriberOverviewInput = { number: string; language: Language };

export type SubscriberOverview = {
  number: string;
  status: 'active' | 'blocked' | 'suspended';
  segment: 'consumer' | 'corporate' | 'vip';
  paymentType: 'prepaid' | 'postpaid';
  lineType: 'mobile' | 'pstn' | 'voip';
  language: string;
  customer: { kind: 'individual' | 'corporate'; name: string; region: string | null };
  tariff: { id: string; name: string; fee: MoneyView; period: string };
  services: { id: string; name: string; fee: MoneyView | null; period: string | null; pilot: boolean; activatedAt: string }[];
  balance: MoneyView;
  loyaltyPoints: number;
  blockedNumbers: string[];
  /** The newest top-up of the main balance (`kind` is the ledger's transfer kind), or null. */
  lastPayment: PostingView | null;
  /** The newest debit of the main balance: usage, a fee, a purchase... (`kind` says which), or null. */
  lastDebit: PostingView | null;
};

export type PostingView = { at: string; amount: MoneyView; kind: string };

export async function getSubscriberOverview(deps: CoreDeps, input: GetSubscriberOverviewInput): Promise<SubscriberOverview> {
  const { profile } = deps;
  const line = await requireLine(deps, input.number);
  const [customer, balances, services, blocked, last] = await Promise.all([
    findCustomer(deps.db, line.customer_id),
    lineBalances(deps.db, line.id),
    listActiveServiceIds(deps.db, line.id),
    listBlockedNumbers(deps.db, line.id),
    findLastPostings(deps.db, line.id),
  ]);
  const lang = input.language;
  const money = (minor: number) => moneyView(minor, profile.currency, lang);
  const posting = (p: LastPosting | undefined): PostingView | null => (p ? { at: p.at, amount: money(p.amount), kind: p.kind } : null);
  const tariff = findTariff(profile, line.tariff_id);
  return {
    number: line.number,
    status: line.status,
    segment: line.segment,
    paymentType: line.payment_type,
    lineType: line.line_type,
    language: line.language,
    customer: { kind: customer?.kind ?? 'individual', name: customer?.name ?? '', region: customer?.region ?? null },
    tariff: {
      id: line.tariff_id,
      name: localize(tariff?.names, lang, profile.defaultLanguage) || line.tariff_id,
      fee: money(tariff?.fee.amount ?? 0),
      period: tariff?.fee.period ?? 'month',
    },
    services: services.map((s) => {
      const service = findService(profile, s.serviceId);
      return {
        id: s.serviceId,
        name: localize(service?.names, lang, profile.defaultLanguage) || s.serviceId,
        fee: service?.fee ? money(service.fee.amount) : null,
        period: service?.fee?.period ?? null,
        pilot: service?.pilot ?? false,
        activatedAt: s.activatedAt,
      };
    }),
    balance: money(balances.main),
    loyaltyPoints: balances.points,
    blockedNumbers: blocked,
    lastPayment: posting(last.payment),
    lastDebit: posting(last.debit),
  };
}
