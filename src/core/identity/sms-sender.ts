/**
 * How identity sends its SMS (codes, access codes). The SMS issue plugs real gateways in behind
 * this interface; until then the logging sender writes that a message went out (never its text,
 * which holds a secret) and the memory sender keeps the last messages for tests and demo mode.
 */
import type { Language } from '../../profiles/schema.ts';

export interface SmsSender {
  send(to: string, text: string, language: Language): Promise<void>;
  /** The in-memory copy of what was sent, when this sender keeps one (demo mode). */
  readonly outbox?: MemorySmsSender | undefined;
}

export type SentSms = { to: string; text: string; language: Language; at: string };

/**
 * Keeps the last `limit` messages in memory; demo mode shows them at `GET /api/v1/dev/outbox`.
 * `echo` also hands each message on (the demo server prints it: demo codes are not secrets).
 */
export class MemorySmsSender implements SmsSender {
  private readonly messages: SentSms[] = [];
  constructor(
    private readonly limit = 200,
    private readonly echo?: (message: SentSms) => void,
  ) {}

  get outbox(): MemorySmsSender {
    return this;
  }

  send(to: string, text: string, language: Language): Promise<void> {
    const message = { to, text, language, at: new Date().toISOString() };
    this.messages.push(message);
    this.echo?.(message);
    if (this.messages.length > this.limit) this.messages.splice(0, this.messages.length - this.limit);
    return Promise.resolve();
  }

  /** The messages sent to a number, newest first. */
  sentTo(to: string): SentSms[] {
    return this.messages.filter((m) => m.to === to).reverse();
  }

  /** The newest message to a number, if any. */
  last(to: string): SentSms | undefined {
    return this.sentTo(to)[0];
  }
}

type InfoLogger = { info(object: object, message: string): void };

/** Logs that a message was sent, with the number masked and without the text. */
export class LoggingSmsSender implements SmsSender {
  constructor(private readonly logger: InfoLogger) {}

  send(to: string, _text: string, language: Language): Promise<void> {
    this.logger.info({ to: maskNumber(to), language }, 'sms sent (text not logged)');
    return Promise.resolve();
  }
}

/** `+79160000001` → `+7916***0001`: enough to tell numbers apart in a log, not to dial one. */
export function maskNumber(number: string): string {
  return number.length <= 8 ? '***' : `${number.slice(0, 5)}***${number.slice(-4)}`;
}
