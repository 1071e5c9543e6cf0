/** Who may have a terminal access code (S3.3, S3.6): lines with the Electronic Assistant on, never corporate or VIP. */
import type { LineRow } from '../../db/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { listActiveServiceIds } from '../subscribers/subscription.repository.ts';
import { identityRules } from './identity-deps.ts';

export function requireAccessCodes(deps: Pick<CoreDeps, 'profile'>): void {
  if (!identityRules(deps).accessCode.enabled) {
    throw new AppError('feature_not_available', 'access codes are off in this profile', { feature: 'Access code' });
  }
}

/** Why a line may not have an access code, or undefined when it may. */
export async function accessCodeRefusal(deps: Pick<CoreDeps, 'db' | 'profile'>, line: LineRow): Promise<'segment' | 'service' | undefined> {
  const rules = identityRules(deps).accessCode;
  if (rules.excludedSegments.includes(line.segment)) return 'segment';
  if (rules.service) {
    const active = await listActiveServiceIds(deps.db, line.id);
    if (!active.some((s) => s.serviceId === rules.service)) return 'service';
  }
  return undefined;
}

export const ACCESS_KEY = (number: string) => `access:${number}`;
