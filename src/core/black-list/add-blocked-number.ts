/**
 * Puts a number on a line's black list (S4.4): parsed to E.164, only with the black-list service
 * on, never the line's own number, at most MAX_BLOCKED_NUMBERS; adding a listed number again
 * changes nothing (idempotent). One audit record per change.
 */
import { localize } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { assertPasswordProtection } from '../identity/password-protection.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { blackListActive, MAX_BLOCKED_NUMBERS, presentBlackList, requireBlackListService, type BlackList } from './black-list-rules.ts';
import { countBlockedNumbers, insertBlockedNumber } from './black-list.repository.ts';

export type AddBlockedNumberInput = {
  number: string;
  /** The number to block, as the user typed it. */
  blocked: string;
  language: Language;
  contractPassword?: string | undefined;
};

export type BlackListChange = BlackList & { changed: boolean; blocked: string };

export async function addBlockedNumber(deps: CoreDeps, input: AddBlockedNumberInput, actor: Actor): Promise<BlackListChange> {
  const { profile } = deps;
  const service = requireBlackListService(profile);
  const blocked = toE164(input.blocked, profile.country);
  await assertPasswordProtection(deps, await requireLine(deps, input.number), input.contractPassword, actor);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const scoped = { db: trx, profile };
    const line = await requireLine(scoped, input.number);
    if (line.status === 'suspended') throw new AppError('line_not_active', `line ${line.number} is suspended`);
    if (!(await blackListActive(scoped, line, service))) {
      throw new AppError('black_list_off', `${service.id} is off for ${line.number}`, {
        service: localize(service.names, input.language, profile.defaultLanguage),
      });
    }
    if (blocked === line.number) throw new AppError('black_list_own_number', `${line.number} tried to block itself`);
    const inserted = await insertBlockedNumber(trx, line.id, blocked, at);
    if (inserted) {
      // Counted after the insert, inside the transaction: a refusal rolls the insert back.
      if ((await countBlockedNumbers(trx, line.id)) > MAX_BLOCKED_NUMBERS) {
        throw new AppError('black_list_full', `black list of ${line.number} is full`, { max: MAX_BLOCKED_NUMBERS });
      }
      await writeAudit(trx, actor, now, {
        action: 'black-list.add',
        subjectType: 'line',
        subjectId: line.number,
        lineId: line.id,
        before: null,
        after: { blocked },
      });
    }
    return { ...(await presentBlackList(scoped, line, input.language)), changed: inserted, blocked };
  });
}
