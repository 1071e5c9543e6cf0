/** The process logger: structured JSON (pino); secrets are redacted by path wherever they may appear. */
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

export const REDACT_PATHS = [
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

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
