/** A token bucket: at most `perSecond` SMS parts per second on one link, bursts up to one second's worth. */
export class Throughput {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly perSecond: number) {
    this.tokens = perSecond;
  }

  /** Resolves when `n` parts may be sent; callers are served in order. */
  take(n = 1): Promise<void> {
    const turn = this.queue.then(() => this.wait(n));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async wait(n: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= n || this.tokens >= this.perSecond) {
        this.tokens -= n;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((n - this.tokens) / this.perSecond) * 1000)));
    }
  }
}
