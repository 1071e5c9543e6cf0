/** A small closed-loop HTTP load generator for form-posting gateways (USSD): N workers, keep-alive, latency per request. */
import http from 'node:http';

export type LoadResult = { requests: number; perSecond: number; p50Ms: number; p99Ms: number; errors: number };

/** Raw figures of one or more loads, to add up rounds run at different times. */
export type LoadSamples = { latencies: number[]; seconds: number; errors: number };

/** Adds the rounds of one contender up into one result (throughput over their total time, percentiles over all requests). */
export function summarize(rounds: LoadSamples[]): LoadResult {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = rounds.reduce((t, r) => t + r.seconds, 0);
  const errors = rounds.reduce((t, r) => t + r.errors, 0);
  const pct = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(2));
  return { requests: latencies.length, perSecond: Math.round(latencies.length / seconds), p50Ms: pct(0.5), p99Ms: pct(0.99), errors };
}

/** Runs `worker(i, post)` loops on `concurrency` workers for `durationMs`; each loop returns how many requests it made. */
export async function runLoad(
  port: number,
  concurrency: number,
  durationMs: number,
  dialogue: (worker: number, iteration: number, post: (path: string, form: Record<string, string>) => Promise<string>) => Promise<void>,
): Promise<LoadResult> {
  return summarize([await runLoadSamples(port, concurrency, durationMs, dialogue)]);
}

/** `runLoad`, returning the raw latencies. */
export async function runLoadSamples(
  port: number,
  concurrency: number,
  durationMs: number,
  dialogue: (worker: number, iteration: number, post: (path: string, form: Record<string, string>) => Promise<string>) => Promise<void>,
): Promise<LoadSamples> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const post = (path: string, form: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      const body = new URLSearchParams(form).toString();
      const started = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (data += c));
          res.on('end', () => {
            latencies.push(performance.now() - started);
            if (res.statusCode !== 200) errors++;
            resolve(data);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const end = Date.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; Date.now() < end; i++) await dialogue(w, i, post);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, seconds, errors };
}
