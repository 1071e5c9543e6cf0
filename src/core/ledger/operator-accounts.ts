/**
 * Operator accounts as the money use cases use them: created once per database and cached (their
 * ids never change). On PostgreSQL each is split into shards (`revenue`, `revenue#1` ... `#31`),
 * chosen by the line account on the other side, so concurrent postings do not all queue on one
 * hot row; the operator's figure is the sum of its shards. Shard 0 is the plain code, which
 * `operatorAccountId` also returns.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { CoreDeps } from '../context.ts';
import { operatorAccountId, OPERATOR_ACCOUNTS } from './account.repository.ts';

export type OperatorAccountName = keyof typeof OPERATOR_ACCOUNTS;

/** Accounts kept in loyalty points rather than money. */
const POINTS_ACCOUNTS: ReadonlySet<OperatorAccountName> = new Set(['loyaltyLiability']);

const cache = new WeakMap<Kysely<Database>, Promise<Map<OperatorAccountName, number[]>>>();

function shardCount(db: Kysely<Database>): number {
  return dialectOf(db as unknown as Kysely<unknown>) === 'postgres' ? 32 : 1;
}

/** The code of shard `shard` of an operator account. */
export function shardCode(code: string, shard: number): string {
  return shard === 0 ? code : `${code}#${shard}`;
}

/** The id of the operator account `name` for postings whose other side is `spreadBy` (any account id). */
export async function operatorAccount(deps: CoreDeps, name: OperatorAccountName, spreadBy: number): Promise<number> {
  const ids = await operatorAccountIds(deps);
  const shards = ids.get(name) ?? [];
  const id = shards[spreadBy % shards.length];
  if (id === undefined) throw new Error(`operator account ${name} missing`);
  return id;
}

/**
 * Every operator account and shard, created together on the first money request of a process (so a
 * later refused request writes nothing) and cached: name -> shard ids.
 */
export function operatorAccountIds(deps: CoreDeps): Promise<Map<OperatorAccountName, number[]>> {
  let ids = cache.get(deps.db);
  if (!ids) {
    ids = createAll(deps);
    cache.set(deps.db, ids);
    ids.catch(() => cache.delete(deps.db));
  }
  return ids;
}

async function createAll(deps: CoreDeps): Promise<Map<OperatorAccountName, number[]>> {
  const at = deps.clock.now().toISOString();
  const shards = shardCount(deps.db);
  return deps.db.transaction().execute(async (trx) => {
    const ids = new Map<OperatorAccountName, number[]>();
    for (const name of Object.keys(OPERATOR_ACCOUNTS) as OperatorAccountName[]) {
      const unit = POINTS_ACCOUNTS.has(name) ? 'points' : deps.profile.currency.code;
      const list: number[] = [];
      for (let shard = 0; shard < shards; shard++)
        list.push(await operatorAccountId(trx, shardCode(OPERATOR_ACCOUNTS[name], shard), unit, at));
      ids.set(name, list);
    }
    return ids;
  });
}
