/**
 * Starts `app-server.ts` in a child process and waits until it listens; `kill` ends it (SIGKILL for
 * crash tests). A child that does not start in time is killed, and every child still running when
 * the test process exits is killed with it (the child also exits by itself once orphaned).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { DatabaseTarget } from '../../src/db/connect.ts';
import { REPO_ROOT } from './factories.ts';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export type AppProcess = { url: string; child: ChildProcess; kill(signal?: NodeJS.Signals): Promise<void> };

export async function startAppProcess(target: DatabaseTarget, profileId = 'mts-ru'): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/support/app-server.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, KABINET_TEST_TARGET: JSON.stringify(target), KABINET_TEST_PROFILE: profileId, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app process did not start: ${stderr}`));
    }, 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app process exited with ${code}: ${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
