/** The home screen of a line (S4.4): who, what tariff and services with fees, balance, black list. */
import { findService, findTariff, localize } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { lineBalances } from '../ledger/account.repository.ts';
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
};

export async function getSubscriberOverview(deps: CoreDeps, input: GetSubscriberOverviewInput): Promise<SubscriberOverview> {
  const { profile } = deps;
  const line = await requireLine(deps, input.number);
  const [customer, balances, services, blocked] = await Promise.all([
    findCustomer(deps.db, line.customer_id),
    lineBalances(deps.db, line.id),
    listActiveServiceIds(deps.db, line.id),
    listBlockedNumbers(deps.db, line.id),
  ]);
  const lang = input.language;
  const money = (minor: number) => moneyView(minor, profile.currency, lang);
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
  };
}
