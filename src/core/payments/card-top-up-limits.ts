/** The smallest and largest card top-up and the web app's preset amounts, in minor units, from the profile's `rules.cardTopUp`. */
import type { Profile } from '../../profiles/profile.ts';

export type CardTopUpLimits = { currency: string; minorUnits: number; min: number; max: number; presets: number[] };

/** Without `rules.cardTopUp`: 10 to 15 000 major units, no presets. */
const DEFAULTS = { min: 10, max: 15_000, presets: [] as number[] };

export function cardTopUpLimits(profile: Profile): CardTopUpLimits {
  const rules = profile.rules.cardTopUp ?? DEFAULTS;
  const scale = 10 ** profile.currency.minorUnits;
  const minor = (n: number) => Math.round(n * scale);
  return {
    currency: profile.currency.code,
    minorUnits: profile.currency.minorUnits,
    min: minor(rules.min),
    max: minor(rules.max),
    presets: rules.presets.map(minor),
  };
}
