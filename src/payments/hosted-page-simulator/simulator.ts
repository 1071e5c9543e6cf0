/**
 * The hosted payment page simulator: a small HTTP server of its own (never Kabinet's process, so a
 * card number typed into it never reaches Kabinet). It shows the sealed session's payment, checks
 * the card (Luhn, expiry, CVC), decides like Stripe's test cards, keeps only brand and last four,
 * posts a Stripe-format signed `payment_intent.*` event to Kabinet's webhook and sends the browser
 * back to the return URL.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signStripePayload } from '../stripe-signature.ts';
import { cardBrand, DECLINING_CARDS, expiryValid, luhnValid } from './cards.ts';
import { messagePage, paymentPage, type PageError } from './page.ts';
import { openSession, type HostedSession } from './session.ts';

export type SimulatorOptions = {
  host?: string;
  port: number;
  secret: string;
  /** One line per payment outcome: ids and outcome only, never card data. */
  log?: (line: string) => void;
  now?: () => Date;
};

export type RunningSimulator = { url: string; port: number; close(): Promise<void> };

type Outcome = { status: 'succeeded' | 'failed' | 'canceled'; amount: number; currency: string };

const MAX_BODY = 16 * 1024;

export async function startHostedPageSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const outcomes = new Map<string, Outcome>();

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`payment simulator: internal error ${error instanceof Error ? error.name : 'unknown'}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error');
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const payPath = /^\/pay\/(pi_sim_[0-9a-f]{24})$/.exec(url.pathname);
    const intentPath = /^\/v1\/payment_intents\/(pi_sim_[0-9a-f]{24})$/.exec(url.pathname);
    if (request.method === 'GET' && url.pathname === '/health') return send(response, 200, 'text/plain', 'ok');
    if (request.method === 'GET' && intentPath) {
      if (request.headers.authorization !== `Bearer ${options.secret}`)
        return send(response, 401, 'application/json', '{"error":"unauthorized"}');
      const outcome = outcomes.get(intentPath[1]!);
      if (!outcome) return send(response, 404, 'application/json', '{"error":"not_found"}');
      return send(response, 200, 'application/json', JSON.stringify({ id: intentPath[1], ...outcome }));
    }
    if (!payPath) return send(response, 404, 'text/plain', 'not found');
    const ref = payPath[1]!;
    if (request.method === 'GET') {
      const token = url.searchParams.get('session') ?? '';
      const session = openSession(options.secret, token, now());
      if (!session || session.ref !== ref) return html(response, 410, messagePage('en', 'expired'));
      if (outcomes.has(ref)) return html(response, 409, messagePage(session.language, 'done'));
      return html(response, 200, paymentPage(session, token), session);
    }
    if (request.method !== 'POST') return send(response, 405, 'text/plain', 'method not allowed');
    const form = new URLSearchParams(await readBody(request));
    const token = form.get('session') ?? '';
    const session = openSession(options.secret, token, now());
    if (!session || session.ref !== ref) return html(response, 410, messagePage('en', 'expired'));
    if (outcomes.has(ref)) return html(response, 409, messagePage(session.language, 'done'));
    if (form.get('action') === 'cancel') {
      outcomes.set(ref, { status: 'canceled', amount: session.amount, currency: session.currency });
      await deliver(session, intentEvent(session, 'canceled', null, null));
      return redirect(response, session.returnUrl);
    }
    const digits = (form.get('number') ?? '').replace(/[\s-]/g, '');
    const error: PageError | undefined = !luhnValid(digits)
      ? 'badNumber'
      : !expiryValid(form.get('expiry') ?? '', now())
        ? 'badExpiry'
        : !/^\d{3,4}$/.test(form.get('cvc') ?? '')
          ? 'badCvc'
          : (form.get('holder') ?? '').trim() === ''
            ? 'badHolder'
            : undefined;
    if (error) return html(response, 422, paymentPage(session, token, error), session);
    // From here on only brand and last four digits exist; the number, expiry and CVC are dropped.
    const card = { brand: cardBrand(digits), last4: digits.slice(-4) };
    const decline = DECLINING_CARDS[digits] ?? null;
    const status = decline ? 'failed' : 'succeeded';
    outcomes.set(ref, { status, amount: session.amount, currency: session.currency });
    await deliver(session, intentEvent(session, status, card, decline));
    return redirect(response, session.returnUrl);
  }

  function intentEvent(
    session: HostedSession,
    status: Outcome['status'],
    card: { brand: string; last4: string } | null,
    decline: string | null,
  ): Record<string, unknown> {
    const created = Math.floor(now().getTime() / 1000);
    const cardDetails = card ? { brand: card.brand, last4: card.last4, funding: 'credit', country: null } : null;
    const intent = {
      id: session.ref,
      object: 'payment_intent',
      amount: session.amount,
      amount_received: status === 'succeeded' ? session.amount : 0,
      currency: session.currency.toLowerCase(),
      status: status === 'succeeded' ? 'succeeded' : status === 'canceled' ? 'canceled' : 'requires_payment_method',
      created,
      livemode: false,
      description: session.description,
      metadata: { kabinet_payment_id: session.paymentId },
      latest_charge:
        status === 'canceled'
          ? null
          : {
              id: `ch_sim_${crypto.randomBytes(12).toString('hex')}`,
              object: 'charge',
              amount: session.amount,
              currency: session.currency.toLowerCase(),
              paid: status === 'succeeded',
              status,
              payment_method_details: { type: 'card', card: cardDetails },
            },
      last_payment_error: decline
        ? { type: 'card_error', code: 'card_declined', decline_code: decline, payment_method: { type: 'card', card: cardDetails } }
        : null,
      cancellation_reason: status === 'canceled' ? 'requested_by_customer' : null,
    };
    const type =
      status === 'succeeded'
        ? 'payment_intent.succeeded'
        : status === 'canceled'
          ? 'payment_intent.canceled'
          : 'payment_intent.payment_failed';
    return {
      id: `evt_sim_${crypto.randomBytes(12).toString('hex')}`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created,
      livemode: false,
      type,
      data: { object: intent },
    };
  }

  /** Posts the signed event, retrying a few times like a provider does (Kabinet dedupes). */
  async function deliver(session: HostedSession, event: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const answer = await fetch(session.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(options.secret, body, now()) },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        log(`payment simulator: ${String(event.type)} for ${session.paymentId} delivered (${answer.status})`);
        if (answer.ok || (answer.status >= 400 && answer.status < 500)) return;
      } catch (error) {
        log(
          `payment simulator: webhook for ${session.paymentId} failed (${error instanceof Error ? error.name : 'error'}), attempt ${attempt}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

function send(response: http.ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': `${type}; charset=utf-8`, ...SECURITY_HEADERS });
  response.end(body);
}

function html(response: http.ServerResponse, status: number, body: string, session?: HostedSession): void {
  const formAction = session ? ` ${new URL(session.returnUrl).origin}` : '';
  response.setHeader(
    'content-security-policy',
    `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${formAction}; frame-ancestors 'none'; base-uri 'none'`,
  );
  send(response, status, 'text/html', body);
}

function redirect(response: http.ServerResponse, location: string): void {
  response.writeHead(303, { location, ...SECURITY_HEADERS });
  response.end();
}
