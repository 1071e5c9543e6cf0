/**
 * Two-step purchases (S0.4, CAMARA carrier billing): funding sources (S0.6, S0.7), profile caps
 * (S0.8) and the view of a purchase every channel shows. The use cases are `reserve-purchase.ts`,
 * `capture-purchase.ts` and `void-purchase.ts`.
 */
import type { Profile } from '../../profiles/profile.ts';
import type { LineType } from '../../profiles/schema.ts';
import type { HoldRow } from './hold.repository.ts';

export const FUNDING_SOURCES = ['balance', 'limit', 'points', 'fixed-bill'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export type PurchaseView = {
  purchaseId: number;
  number: string;
  status: HoldRow['status'];
  source: FundingSource;
  serviceId: string | null;
  /** Minor units of the currency, or points when `unit` is `points`. */
  amount: number;
  unit: string;
  description: string | null;
  expiresAt: string;
  transferId: number | null;
  createdAt: string;
  resolvedAt: string | null;
};

export function purchaseView(hold: HoldRow, number: string, unit: string): PurchaseView {
  return {
    purchaseId: Number(hold.id),
    number,
    status: hold.status,
    source: (hold.source ?? 'balance') as FundingSource,
    serviceId: hold.service_id,
    amount: Number(hold.amount),
    unit,
    description: hold.description,
    expiresAt: hold.expires_at,
    transferId: hold.transfer_id === null ? null : Number(hold.transfer_id),
    createdAt: hold.created_at,
    resolvedAt: hold.resolved_at,
  };
}

export type CarrierBillingRules = {
  perTransaction: number | undefined;
  perMonth: number | undefined;
  fixedLineBillLineTypes: LineType[];
};

/** The profile's carrier-billing caps in minor units. */
export function carrierBillingRules(profile: Profile): CarrierBillingRules {
  const rules = profile.rules.carrierBilling;
  const scale = 10 ** profile.currency.minorUnits;
  const minor = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * scale));
  return {
    perTransaction: minor(rules?.perTransaction),
    perMonth: minor(rules?.perMonth),
    fixedLineBillLineTypes: rules?.fixedLineBillLineTypes ?? ['pstn', 'voip'],
  };
}

/** The key of a line's monthly carrier-billing counter. */
export function carrierCounterKey(lineId: number, month: string): string {
  return `carrier:${lineId}:${month}`;
}

/** Default and longest time a reservation waits for capture. */
export const DEFAULT_HOLD_SECONDS = 30 * 60;
export const MAX_HOLD_SECONDS = 7 * 24 * 3600;
