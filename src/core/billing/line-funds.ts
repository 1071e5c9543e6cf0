/**
 * Blocking a line that ran out of money and unblocking it as soon as the balance is back at or
 * above its floor. Both are audited and tell the subscriber by SMS. Run inside the caller's transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { lineBalances } from '../ledger/account.repository.ts';
import { notifyLine, type NotifiedLine } from '../notifications/notify-line.ts';
import { switchLineStatus } from './billing.repository.ts';

/** Billing acts as this actor in the audit trail. */
export const BILLING_ACTOR: Actor = { type: 'system', id: 'billing', channel: 'system' };

/** Whether a balance is at or above its floor (a line without a floor is always funded). */
export function isFunded(balance: number, floor: number | null): boolean {
  return floor === null || balance >= floor;
}

/** Blocks an active line for lack of funds; false when it was not active. */
export async function blockForFunds(
  trx: Kysely<Database>,
  deps: CoreDeps,
  line: NotifiedLine,
  reason: string,
  now: Date,
  actor: Actor = BILLING_ACTOR,
): Promise<boolean> {
  const at = now.toISOString();
  if (!(await switchLineStatus(trx, line.id, 'active', 'blocked', at))) return false;
  const { main } = await lineBalances(trx, line.id);
  await writeAudit(trx, actor, now, {
    action: 'line.block',
    subjectType: 'line',
    subjectId: line.number,
    lineId: line.id,
    before: { status: 'active' },
    after: { status: 'blocked', reason, balance: main },
  });
  await notifyLine(trx, deps.profile, line, 'blocked', at, { balance: main });
  return true;
}

/** Unblocks a blocked line whose main balance is back at or above its floor; false otherwise. */
export async function unblockIfFunded(
  trx: Kysely<Database>,
  deps: CoreDeps,
  line: NotifiedLine,
  now: Date,
  actor: Actor = BILLING_ACTOR,
): Promise<boolean> {
  const { main, mainFloor } = await lineBalances(trx, line.id);
  if (!isFunded(main, mainFloor ?? 0)) return false;
  const at = now.toISOString();
  if (!(await switchLineStatus(trx, line.id, 'blocked', 'active', at))) return false;
  await writeAudit(trx, actor, now, {
    action: 'line.unblock',
    subjectType: 'line',
    subjectId: line.number,
    lineId: line.id,
    before: { status: 'blocked' },
    after: { status: 'active', balance: main },
  });
  await notifyLine(trx, deps.profile, line, 'unblocked', at);
  return true;
}
