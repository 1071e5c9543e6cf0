/**
 * Rating: turns a usage record into billed units and money by the line's tariff. Included monthly
 * allowances are used first, then the unit price applies. Voice is billed per started minute, data
 * per started megabyte of each session, SMS per message. Pure functions: no I/O.
 */
import type { Tariff } from '../../profiles/profile.ts';

export const USAGE_KINDS = ['voice', 'sms', 'data'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** Billed units of a record: minutes, messages or megabytes. */
export function billedUnits(kind: UsageKind, quantity: number): number {
  switch (kind) {
    case 'voice':
      return Math.ceil(quantity / 60);
    case 'sms':
      return quantity;
    case 'data':
      return Math.ceil(quantity / 1024);
  }
}

export function allowance(tariff: Tariff, kind: UsageKind): number {
  switch (kind) {
    case 'voice':
      return tariff.included.voiceMinutes;
    case 'sms':
      return tariff.included.sms;
    case 'data':
      return tariff.included.dataMb;
  }
}

export function unitPrice(tariff: Tariff, kind: UsageKind): number {
  switch (kind) {
    case 'voice':
      return tariff.prices.voicePerMinute;
    case 'sms':
      return tariff.prices.smsEach;
    case 'data':
      return tariff.prices.dataPerMb;
  }
}

export type Rated = { units: number; includedUnits: number; amount: number };

/** Rates one record given the allowance units already used this month. */
export function rateRecord(tariff: Tariff, kind: UsageKind, quantity: number, usedThisMonth: number): Rated {
  const units = billedUnits(kind, quantity);
  const left = Math.max(0, allowance(tariff, kind) - usedThisMonth);
  const includedUnits = Math.min(units, left);
  return { units, includedUnits, amount: (units - includedUnits) * unitPrice(tariff, kind) };
}
