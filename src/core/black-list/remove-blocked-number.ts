/**
 * Takes a number off a line's black list (S4.4). Allowed with the service off too, so a list can
 * be cleaned up; a number not on the list is `number_not_blocked`. One audit record per change.
 */
import type { Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { assertPasswordProtection } from '../identity/password-protection.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { requireLine } from '../subscribers/require-line.ts';
import type { BlackListChange } from './add-blocked-number.ts';
import { presentBlackList, requireBlackListService } from './black-list-rules.ts';
import { deleteBlockedNumber } from './black-list.repository.ts';

export type RemoveBlockedNumberInput = {
  number: string;
  /** The number to unblock, as the user typed it. */
  blocked: string;
  language: Language;
  contractPassword?: string | undefined;
};

export async function removeBlockedNumber(deps: CoreDeps, input: RemoveBlockedNumberInput, actor: Actor): Promise<BlackListChange> {
  const { profile } = deps;
  requireBlackListService(profile);
  const blocked = toE164(input.blocked, profile.country);
  await assertPasswordProtection(deps, await requireLine(deps, input.number), input.contractPassword, actor);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const scoped = { db: trx, profile };
    const line = await requireLine(scoped, input.number);
    if (line.status === 'suspended') throw new AppError('line_not_active', `line ${line.number} is suspended`);
    if (!(await deleteBlockedNumber(trx, line.id, blocked))) {
      throw new AppError('number_not_blocked', `${blocked} is not on the black list of ${line.number}`, { number: blocked });
    }
    await writeAudit(trx, actor, now, {
      action: 'black-list.remove',
      subjectType: 'line',
      subjectId: line.number,
      lineId: line.id,
      before: { blocked },
      after: null,
    });
    return { ...(await presentBlackList(scoped, line, input.language)), changed: true, blocked };
  });
}
