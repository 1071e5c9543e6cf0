/**
 * The rules every black-list change shares: which service keeps the list (the catalog marks it
 * `keepsNumberList`), whether the line has it on (activated, or included in its tariff), and how
 * many numbers a list may hold.
 */
import type { LineRow } from '../../db/schema.ts';
import { findTariff, localize, type Profile, type Service } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { listActiveServiceIds } from '../subscribers/subscription.repository.ts';
import { listBlockedNumbersWithDates, type BlockedNumber } from './black-list.repository.ts';

/**
 * At most this many numbers on one line's list. No profile sets a limit of its own yet; operators
 * allow from 30 to 300, and 100 keeps a list readable on a phone and in one USSD/SMS reply page set.
 */
export const MAX_BLOCKED_NUMBERS = 100;

export type BlackList = {
  number: string;
  /** The service that keeps the list, or null when the operator has none. */
  service: { id: string; name: string } | null;
  serviceActive: boolean;
  max: number;
  numbers: BlockedNumber[];
};

/** The catalog's black-list service. */
export function blackListService(profile: Profile): Service | undefined {
  return profile.services.find((s) => s.keepsNumberList);
}

/** Whether the line has the black-list service on: an open activation, or its tariff includes it. */
export async function blackListActive(deps: Pick<CoreDeps, 'db' | 'profile'>, line: LineRow, service: Service): Promise<boolean> {
  if (findTariff(deps.profile, line.tariff_id)?.includedServices.includes(service.id)) return true;
  const active = await listActiveServiceIds(deps.db, line.id);
  return active.some((a) => a.serviceId === service.id);
}

/** The service, or `feature_not_available` when this operator keeps no black list. */
export function requireBlackListService(profile: Profile): Service {
  const service = blackListService(profile);
  if (!service) throw new AppError('feature_not_available', `profile ${profile.id} has no number-list service`);
  return service;
}

/** The line's list as every channel shows it. */
export async function presentBlackList(deps: Pick<CoreDeps, 'db' | 'profile'>, line: LineRow, language: Language): Promise<BlackList> {
  const service = blackListService(deps.profile);
  return {
    number: line.number,
    service: service ? { id: service.id, name: localize(service.names, language, deps.profile.defaultLanguage) } : null,
    serviceActive: service ? await blackListActive(deps, line, service) : false,
    max: MAX_BLOCKED_NUMBERS,
    numbers: await listBlockedNumbersWithDates(deps.db, line.id),
  };
}
