/**
 * Runs the hosted payment page simulator as a child process (card numbers typed into it never enter
 * Kabinet's process) and tells where it listens; `stop` ends it. Used by `server.ts` when the
 * simulated provider is configured without an external KABINET_PAYSIM_URL.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export type PaymentSimulatorProcess = { url: string; stop(): Promise<void> };

const MAIN = path.join(import.meta.dirname, 'hosted-page-simulator', 'main.ts');
/** tsx resolved from here, so the child starts from any working directory. */
const TSX = import.meta.resolve('tsx');

export async function startPaymentSimulatorProcess(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<PaymentSimulatorProcess> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`payment simulator did not start: ${stderr}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PAYSIM LISTENING (\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`payment simulator exited with ${code}: ${stderr.trim()}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  // Its own log lines (ids and outcomes only) go to Kabinet's output.
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '' && !line.startsWith('PAYSIM LISTENING')) log(line);
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
