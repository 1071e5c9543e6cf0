/**
 * A lean HTTP/1.1 keep-alive load generator for the benchmarks: raw sockets, one request in flight
 * per connection, each request built by the caller (a fresh Idempotency-Key each time), responses
 * split by Content-Length. Closed loop (as fast as answers come) or open loop at a fixed rate, with
 * latency measured from the scheduled send time so a stalled server is not hidden.
 */
import net from 'node:net';

export type LoadOptions = {
  port: number;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; omitted = closed loop. */
  rate?: number;
  /** Builds request number `i`: method, path and JSON body. */
  request(i: number): { method: string; path: string; headers: Record<string, string>; body: string };
};

export type LoadResult = {
  sent: number;
  byStatus: Record<number, number>;
  ok: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
};

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const byStatus: Record<number, number> = {};
  const latencies: number[] = [];
  let sent = 0;
  let next = 0;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  const idle: Conn[] = [];
  let backlog = 0;

  type Conn = { socket: net.Socket; buffer: Buffer; startedAt: number; busy: boolean };

  const send = (conn: Conn, scheduledAt: number) => {
    const r = opts.request(next++);
    const body = Buffer.from(r.body);
    let head = `${r.method} ${r.path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${body.length}\r\n`;
    for (const [k, v] of Object.entries(r.headers)) head += `${k}: ${v}\r\n`;
    conn.busy = true;
    conn.startedAt = scheduledAt;
    sent++;
    conn.socket.write(Buffer.concat([Buffer.from(`${head}\r\n`), body]));
  };

  const conns = await Promise.all(
    Array.from(
      { length: opts.connections },
      () =>
        new Promise<Conn>((resolve, reject) => {
          const socket = net.connect(opts.port, '127.0.0.1', () => resolve(conn));
          socket.setNoDelay(true);
          const conn: Conn = { socket, buffer: Buffer.alloc(0), startedAt: 0, busy: false };
          socket.on('error', reject);
          socket.on('data', (chunk: Buffer) => {
            conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, chunk]) : chunk;
            for (;;) {
              const headEnd = conn.buffer.indexOf('\r\n\r\n');
              if (headEnd < 0) return;
              const head = conn.buffer.subarray(0, headEnd).toString('latin1');
              const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
              if (conn.buffer.length < headEnd + 4 + length) return;
              conn.buffer = conn.buffer.subarray(headEnd + 4 + length);
              const status = Number(head.slice(9, 12));
              const now = performance.now();
              byStatus[status] = (byStatus[status] ?? 0) + 1;
              latencies.push(now - conn.startedAt);
              conn.busy = false;
              if (now >= end) continue;
              if (opts.rate === undefined) send(conn, now);
              else if (backlog > 0) {
                backlog--;
                send(conn, now);
              } else idle.push(conn);
            }
          });
        }),
    ),
  );

  if (opts.rate === undefined) {
    for (const conn of conns) send(conn, performance.now());
  } else {
    idle.push(...conns);
    const interval = 1000 / opts.rate;
    let due = start;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        if (now >= end) return resolve();
        while (due <= now) {
          const conn = idle.pop();
          if (conn) send(conn, due);
          else backlog++;
          due += interval;
        }
        setTimeout(tick, 1);
      };
      tick();
    });
  }
  while (performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  // Let the last answers arrive, then close.
  const deadline = performance.now() + 5000;
  while (conns.some((c) => c.busy) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  for (const c of conns) c.socket.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(2));
  const ok = Object.entries(byStatus)
    .filter(([s]) => Number(s) >= 200 && Number(s) < 300)
    .reduce((sum, [, n]) => sum + n, 0);
  return { sent, byStatus, ok, seconds: opts.seconds, p50Ms: pct(0.5), p99Ms: pct(0.99), maxMs: pct(1) };
}
