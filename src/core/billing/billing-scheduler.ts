/**
 * Runs `runBillingCycle` now and then every `intervalMs`, one run at a time. Safe with several app
 * processes: each run charges a period at most once whoever else runs. `stop` waits for a run in progress.
 */
import type { CoreDeps } from '../context.ts';
import { runBillingCycle, type BillingCycleResult } from './run-billing-cycle.ts';

export type BillingScheduler = { stop(): Promise<void> };

export function startBillingScheduler(
  deps: CoreDeps,
  intervalMs: number,
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void },
): BillingScheduler {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = runBillingCycle(deps)
      .then((r: BillingCycleResult) => {
        if (r.fees.charged + r.fees.unpaid + r.promisedPayments.becameDebt + r.promisedPayments.repaid > 0) log.info(r, 'billing run');
      })
      .catch((error: unknown) => log.error({ err: error }, 'billing run failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
