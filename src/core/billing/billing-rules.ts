/** The profile's billing rules with money converted to integer minor units. */
import type { Profile } from '../../profiles/profile.ts';
import type { PaymentType, Segment } from '../../profiles/schema.ts';

export type PromisedPaymentTerms = {
  maxBalance: number;
  minTenureDays: number;
  maxAmount: number;
  fee: number;
  validityDays: number;
  excludedTariffs: string[];
  excludedSegments: Segment[];
  paymentTypes: PaymentType[];
};

function minor(profile: Profile, major: number): number {
  return Math.round(major * 10 ** profile.currency.minorUnits);
}

/** The promised-payment terms of the profile, or undefined when it offers none. */
export function promisedPaymentTerms(profile: Profile): PromisedPaymentTerms | undefined {
  const rules = profile.rules.promisedPayment;
  if (!rules?.enabled) return undefined;
  return {
    maxBalance: minor(profile, rules.maxBalance),
    minTenureDays: rules.minTenureDays,
    maxAmount: minor(profile, rules.maxAmount),
    fee: minor(profile, rules.fee),
    validityDays: rules.validityDays,
    excludedTariffs: rules.excludedTariffs,
    excludedSegments: rules.excludedSegments,
    paymentTypes: rules.paymentTypes,
  };
}

/** Below this main balance (minor units) the subscriber gets a low-balance SMS; undefined: never. */
export function lowBalanceThreshold(profile: Profile): number | undefined {
  const threshold = profile.rules.lowBalance?.threshold;
  return threshold === undefined ? undefined : minor(profile, threshold);
}

/** Whether an unpaid recurring fee blocks the line (default: yes). */
export function blockWhenUnpaid(profile: Profile): boolean {
  return profile.rules.billing?.blockWhenUnpaid ?? true;
}
