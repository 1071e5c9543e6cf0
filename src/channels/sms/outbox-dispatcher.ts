/**
 * Delivers the SMS outbox: the receipts, low-balance, block and unblock notices the core queues in
 * its own transactions (`core/notifications`). Every `intervalMs` it claims pending rows and sends
 * each through `sendSms` (coding, concatenation, retries with backoff, delivery status in
 * `sms_messages`), then marks it sent or failed. A row that can never be sent (a malformed number or
 * text) fails at once; one the gateway kept failing (an outage) waits and goes again, up to
 * `MAX_PASSES` times with a doubling delay. A row whose process stopped between the claim and the
 * mark is claimed again after `STALE_CLAIM_MS`: at least once, so a crash may repeat one SMS but
 * never loses one.
 */
import { isAppError } from '../../core/errors.ts';
import { claimOutbox, finishOutbox, retryOutboxLater } from '../../core/notifications/sms-outbox.repository.ts';
import type { Language } from '../../profiles/schema.ts';
import { sendSms, type SmsDeps } from './send-sms.ts';

/** A claim older than this is taken to belong to a stopped process. */
export const STALE_CLAIM_MS = 5 * 60_000;

/** Passes before a row the gateway keeps refusing is given up (each pass is sendSms with its own retries). */
export const MAX_PASSES = 12;
/** The wait before the second pass, doubled for each one after it, up to RETRY_MAX_MS (about 5 hours in all). */
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 60 * 60_000;

export type OutboxDispatcher = {
  /** One pass: claims and sends up to `batch` rows; returns how many it claimed. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for the pass in progress. */
  stop(): Promise<void>;
};

export function startOutboxDispatcher(
  deps: SmsDeps,
  options: { intervalMs: number; batch?: number; onError?: (error: unknown) => void },
): OutboxDispatcher {
  const batch = options.batch ?? 100;
  const onError = options.onError ?? (() => undefined);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<unknown> = Promise.resolve();

  const runOnce = async (): Promise<number> => {
    const now = deps.clock.now();
    const rows = await claimOutbox(deps.db, batch, now.toISOString(), new Date(now.getTime() - STALE_CLAIM_MS).toISOString());
    await Promise.all(
      rows.map(async (row) => {
        try {
          const sent = await sendSms(deps, { to: row.to_number, text: row.text, language: row.language as Language });
          const attempts = Number(row.attempts) + 1;
          if (sent.status === 'failed' && attempts < MAX_PASSES) {
            // The gateway kept failing through sendSms's own retries: try again later, waiting longer each time.
            const delay = Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
            await retryOutboxLater(deps.db, Number(row.id), new Date(now.getTime() + delay).toISOString());
          } else await finishOutbox(deps.db, Number(row.id), sent.status, sent.id);
        } catch (error) {
          if (isAppError(error)) await finishOutbox(deps.db, Number(row.id), 'failed', null);
          else onError(error); // left claimed: tried again once the claim is stale
        }
      }),
    );
    return rows.length;
  };

  const tick = () => {
    if (stopped) return;
    // A full batch means more is waiting: the next pass starts at once.
    pass = runOnce().then(
      (claimed) => schedule(claimed >= batch ? 0 : options.intervalMs),
      (error: unknown) => {
        onError(error);
        schedule(options.intervalMs);
      },
    );
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  schedule(0);

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await pass;
    },
  };
}
