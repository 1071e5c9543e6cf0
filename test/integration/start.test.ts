/** `kabinet start` as a user runs it: a fresh database, demo data, /health within 15 s, clean shutdown. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/factories.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('kabinet start', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-start-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves /health within 15 s on a new SQLite file, prints the demo numbers, stops on SIGTERM', async () => {
    const port = await freePort();
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/kabinet.js'), 'start'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        SQLITE_FILE: path.join(dir, 'k.db'),
        KABINET_PROFILE: 'tele2-ru',
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    let health: unknown;
    while (Date.now() - started < 15_000 && health === undefined) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.ok) health = await res.json();
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(health, output).toEqual({ status: 'ok' });
    expect(Date.now() - started).toBeLessThan(15_000);
    for (const number of ['+79520000001', '+79520000002', '+79520000010', '+79520000011', '+79520000012']) expect(output).toContain(number);
    const line = await (await fetch(`http://127.0.0.1:${port}/api/v1/lines/%2B79520000002`)).json();
    expect(line).toMatchObject({ number: '+79520000002', balance: { minor: 0 } });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
