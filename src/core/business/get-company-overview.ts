/** The company view of the business cabinet (S4.8): every line of the admin's company with balance, tariff, status and services. */
import { findService, findTariff, localize } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { authorize, type Principal } from '../identity/policy.ts';
import { lineBalances } from '../ledger/account.repository.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { findCustomer } from '../subscribers/line.repository.ts';
import { listActiveServiceIds } from '../subscribers/subscription.repository.ts';
import { listCustomerLines } from './business.repository.ts';

export type GetCompanyOverviewInput = { language: Language };

export type PricedItem = { id: string; name: string; fee: MoneyView | null; period: string | null };

export type CompanyLine = {
  number: string;
  status: 'active' | 'blocked' | 'suspended';
  paymentType: 'prepaid' | 'postpaid';
  lineType: 'mobile' | 'pstn' | 'voip';
  tariff: PricedItem;
  services: PricedItem[];
  balance: MoneyView;
};

export type CompanyOverview = {
  company: { name: string; region: string | null };
  lines: CompanyLine[];
  totalBalance: MoneyView;
  /** Recurring fees of every line per month (tariffs and services billed monthly; daily ones times 30). */
  monthlyFees: MoneyView;
};

export async function getCompanyOverview(
  deps: CoreDeps,
  principal: Principal | null,
  input: GetCompanyOverviewInput,
): Promise<CompanyOverview> {
  const admin = authorize(principal, 'company.read');
  const customerId = admin.customerId;
  const customer = customerId === null ? undefined : await findCustomer(deps.db, customerId);
  if (customerId === null || customer?.kind !== 'corporate') throw new AppError('forbidden', `${admin.id} has no company`);
  return companySnapshot(deps, customerId, customer, input.language);
}

/** The company's lines as the overview and the documents show them. */
export async function companySnapshot(
  deps: CoreDeps,
  customerId: number,
  customer: { name: string; region: string | null },
  language: Language,
): Promise<CompanyOverview> {
  const { profile } = deps;
  const money = (minor: number) => moneyView(minor, profile.currency, language);
  const lines: CompanyLine[] = [];
  let total = 0;
  let monthly = 0;
  const perMonth = (fee: { amount: number; period: string } | undefined) =>
    !fee ? 0 : fee.period === 'day' ? fee.amount * 30 : fee.amount;
  for (const line of await listCustomerLines(deps.db, customerId)) {
    const [balances, services] = await Promise.all([lineBalances(deps.db, line.id), listActiveServiceIds(deps.db, line.id)]);
    const tariff = findTariff(profile, line.tariff_id);
    total += balances.main;
    monthly += perMonth(tariff?.fee);
    lines.push({
      number: line.number,
      status: line.status,
      paymentType: line.payment_type,
      lineType: line.line_type,
      tariff: {
        id: line.tariff_id,
        name: localize(tariff?.names, language, profile.defaultLanguage) || line.tariff_id,
        fee: tariff ? money(tariff.fee.amount) : null,
        period: tariff?.fee.period ?? null,
      },
      services: services.map((s) => {
        const service = findService(profile, s.serviceId);
        monthly += perMonth(service?.fee);
        return {
          id: s.serviceId,
          name: localize(service?.names, language, profile.defaultLanguage) || s.serviceId,
          fee: service?.fee ? money(service.fee.amount) : null,
          period: service?.fee?.period ?? null,
        };
      }),
      balance: money(balances.main),
    });
  }
  return { company: { name: customer.name, region: customer.region }, lines, totalBalance: money(total), monthlyFees: money(monthly) };
}
