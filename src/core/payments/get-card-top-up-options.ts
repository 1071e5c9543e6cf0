/** What the top-up page offers: whether card payments are on, the operator's currency, the smallest and largest amount and the presets. */
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { cardTopUpLimits } from './card-top-up-limits.ts';

export type GetCardTopUpOptionsInput = { language: Language; provider: string | null };

export type CardTopUpOptions = {
  available: boolean;
  provider: string | null;
  currency: string;
  minorUnits: number;
  min: MoneyView;
  max: MoneyView;
  presets: MoneyView[];
};

export function getCardTopUpOptions(deps: Pick<CoreDeps, 'profile'>, input: GetCardTopUpOptionsInput): CardTopUpOptions {
  const limits = cardTopUpLimits(deps.profile);
  const money = (minor: number) => moneyView(minor, deps.profile.currency, input.language);
  return {
    available: input.provider !== null,
    provider: input.provider,
    currency: limits.currency,
    minorUnits: limits.minorUnits,
    min: money(limits.min),
    max: money(limits.max),
    presets: limits.presets.map(money),
  };
}
