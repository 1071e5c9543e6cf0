/** Releases every reservation past its expiry (for a scheduler); returns how many were released. */
import type { CoreDeps } from '../context.ts';
import { releaseCounter } from './counter.repository.ts';
import { listExpiredHoldIds, releaseHold } from './hold.repository.ts';
import { ledgerWriter } from './ledger-writer.ts';

const BATCH = 500;

export async function voidExpiredHolds(deps: CoreDeps): Promise<number> {
  const writer = ledgerWriter(deps.db);
  let released = 0;
  for (;;) {
    const at = deps.clock.now().toISOString();
    const ids = await listExpiredHoldIds(deps.db, at, BATCH);
    const results = await Promise.all(
      ids.map((id) =>
        writer.write(async (trx) => {
          const hold = await releaseHold(trx, id, 'expired', at);
          if (hold?.counter_key) await releaseCounter(trx, hold.counter_key, Number(hold.amount));
          return hold !== undefined;
        }),
      ),
    );
    released += results.filter(Boolean).length;
    if (ids.length < BATCH) return released;
  }
}
