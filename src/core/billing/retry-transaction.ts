/**
 * Runs a transaction again when the database aborted it to break a deadlock or a serialization
 * conflict (PostgreSQL 40P01 / 40001). An aborted transaction wrote nothing, so running it again is
 * safe. Billing transactions post to shared operator accounts (revenue), where two writers can
 * meet in opposite orders.
 */
const RETRYABLE = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && RETRYABLE.has(String(error.code));
}

export async function retryTransaction<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
