/** Releases every reservation past its expiry (for a scheduler); returns how many were released. */
import type { CoreDeps } from '../context.ts';
import { releaseCounter } from './counter.repository.ts';
import { listExpiredHolds, releaseHold } from './hold.repository.ts';
import { ledgerWriter } from './ledger-writer.ts';

const BATCH = 500;

class AlreadyResolved extends Error {}

export async function voidExpiredHolds(deps: CoreDeps): Promise<number> {
  const writer = ledgerWriter(deps.db);
  let released = 0;
  for (;;) {
    const at = deps.clock.now().toISOString();
    const holds = await listExpiredHolds(deps.db, at, BATCH);
    const results = await Promise.all(
      holds.map((h) =>
        writer
          .write(async (trx) => {
            // Counter first, then the hold: a reservation's lock order. Rolled back if the hold was resolved meanwhile.
            if (h.counterKey) await releaseCounter(trx, h.counterKey, h.amount);
            if (!(await releaseHold(trx, h.id, 'expired', at))) throw new AlreadyResolved();
            return true;
          })
          .catch((error: unknown) => {
            if (error instanceof AlreadyResolved) return false;
            throw error;
          }),
      ),
    );
    released += results.filter(Boolean).length;
    if (holds.length < BATCH) return released;
  }
}
