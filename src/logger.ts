/**
 * The process logger: structured JSON (pino); secrets are redacted by path wherever they may appear.
 * Lines go out asynchronously: while one write is on its way, the lines logged meanwhile gather and
 * go in the next one, so a busy server does not stop for a write per line. pino writes what is left
 * when the process exits (also on an uncaught error); a `kill -9` or a power cut may lose the lines
 * of the last moment, never a committed change.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

export const REDACT_PATHS = [
  'password',
  'token',
  'pin',
  'contractPassword',
  'secret',
  'csrfToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.code',
  '*.token',
  '*.pin',
  '*.contractPassword',
  '*.secret',
  '*.csrfToken',
  'req.headers["x-csrf-token"]',
  'req.headers["x-contract-password"]',
];

/** `destination`: a file path or a file descriptor (default 1, standard output). */
export function createLogger(config: Pick<Config, 'logLevel'>, destination: string | number = 1): Logger {
  return pino(
    { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    pino.destination({ dest: destination, sync: false }),
  );
}
