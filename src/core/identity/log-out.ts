/** Ends the current session, or every session of the principal ("log out everywhere"). */
import { writeAudit } from '../audit/audit.repository.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { actorOf, type Principal } from './policy.ts';
import { revokeAllSessions, revokeSession } from './session.ts';

export type LogOutInput = { everywhere: boolean };

export async function logOut(deps: CoreDeps, principal: Principal | null, input: LogOutInput): Promise<{ revoked: number }> {
  if (!principal?.sessionId) throw new AppError('unauthenticated', 'log out without a session');
  const revoked = input.everywhere ? await revokeAllSessions(deps, principal) : Number(await revokeSession(deps, principal.sessionId));
  await writeAudit(deps.db, actorOf(principal), deps.clock.now(), {
    action: input.everywhere ? 'auth.logout.everywhere' : 'auth.logout',
    subjectType: principal.lineId === null ? 'staff' : 'line',
    subjectId: principal.id,
    lineId: principal.lineId,
    before: null,
    after: { revoked },
  });
  return { revoked };
}
