/** The tariffs and services a line may choose, with prices in the reader's language (S2.1, S4.5). */
import { localize, type Tariff } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { lineProfile, requireLine } from '../subscribers/require-line.ts';
import { listActiveServiceIds } from '../subscribers/subscription.repository.ts';
import { ineligibilityReasons } from './eligibility.ts';

export type ListOffersInput = { number: string; language: Language };

export type TariffOffer = {
  id: string;
  name: string;
  description: string;
  fee: MoneyView;
  period: string;
  changeFee: MoneyView;
  included: Tariff['included'];
  prices: { voicePerMinute: MoneyView; smsEach: MoneyView; dataPerMb: MoneyView };
  current: boolean;
};

export type ServiceOffer = {
  id: string;
  name: string;
  description: string;
  fee: MoneyView | null;
  period: string | null;
  activationFee: MoneyView;
  active: boolean;
  pilot: boolean;
  includedInTariff: boolean;
  ussd: string | null;
};

export async function listOffers(deps: CoreDeps, input: ListOffersInput): Promise<{ tariffs: TariffOffer[]; services: ServiceOffer[] }> {
  const { profile } = deps;
  const line = await requireLine(deps, input.number);
  const active = new Set((await listActiveServiceIds(deps.db, line.id)).map((s) => s.serviceId));
  const who = lineProfile(line);
  const lang = input.language;
  const money = (minor: number) => moneyView(minor, profile.currency, lang);
  const text = (t: Parameters<typeof localize>[0]) => localize(t, lang, profile.defaultLanguage);
  const currentTariff = profile.tariffs.find((t) => t.id === line.tariff_id);

  const tariffs = profile.tariffs
    .filter((t) => t.id === line.tariff_id || (!t.archived && ineligibilityReasons(t.eligibility, who).length === 0))
    .map((t) => ({
      id: t.id,
      name: text(t.names),
      description: text(t.descriptions),
      fee: money(t.fee.amount),
      period: t.fee.period,
      changeFee: money(t.id === line.tariff_id ? 0 : t.changeFee),
      included: t.included,
      prices: { voicePerMinute: money(t.prices.voicePerMinute), smsEach: money(t.prices.smsEach), dataPerMb: money(t.prices.dataPerMb) },
      current: t.id === line.tariff_id,
    }));

  const services = profile.services
    .filter(
      (s) => active.has(s.id) || (ineligibilityReasons(s.eligibility, who).length === 0 && !s.excludedTariffs.includes(line.tariff_id)),
    )
    .map((s) => ({
      id: s.id,
      name: text(s.names),
      description: text(s.descriptions),
      fee: s.fee ? money(s.fee.amount) : null,
      period: s.fee?.period ?? null,
      activationFee: money(s.activationFee),
      active: active.has(s.id),
      pilot: s.pilot,
      includedInTariff: currentTariff?.includedServices.includes(s.id) ?? false,
      ussd: s.activation.ussd ?? null,
    }));
  return { tariffs, services };
}
