/**
 * `/dev/phone`: a handset simulator page for the demo (never in production). Texts go to the
 * built-in SMSC, which delivers them over SMPP to Kabinet's ESME like a real network would; USSD
 * goes to `POST /ussd/at` like a real aggregator. The inbox shows what the SMSC received for the number.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChannelDeps } from '../../channels/channels.ts';
import { handleInboundSms } from '../../channels/sms/commands.ts';
import type { CoreDeps } from '../../core/context.ts';
import { toE164 } from '../../core/subscribers/phone-number.ts';
import { DEV_PHONE_HTML } from './dev-phone.html.ts';

const Inbox = z.object({ messages: z.array(z.object({ from: z.string(), text: z.string(), at: z.string() })) });

export const devPhoneRoutes: FastifyPluginAsyncZod<{ deps: CoreDeps; channels: ChannelDeps }> = async (app, { deps, channels }) => {
  /** Replies kept here when no SMSC simulator is running (tests, bare `buildApp`). */
  const localInbox = new Map<string, { from: string; text: string; at: string }[]>();

  app.get('/dev/phone', { schema: { hide: true } }, async (_request, reply) => {
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
      .send(DEV_PHONE_HTML);
  });

  app.get(
    '/dev/phone/numbers',
    {
      schema: {
        hide: true,
        response: {
          200: z.object({
            numbers: z.array(z.object({ number: z.string(), label: z.string() })),
            ussd: z.array(z.string()),
            shortNumbers: z.array(z.string()),
          }),
        },
      },
    },
    async () => ({
      numbers: deps.profile.demo.flatMap((c) => c.lines.map((l) => ({ number: l.number, label: `${c.name} · ${l.tariff}` }))),
      ussd: [
        ...deps.profile.ussd.map((u) => u.code),
        ...deps.profile.services.flatMap((s) => (s.activation.ussd ? [s.activation.ussd] : [])),
      ],
      shortNumbers: [
        ...new Set([
          ...Object.keys(deps.profile.channels.sms.numbers),
          ...deps.profile.services.flatMap((s) => (s.activation.sms ? [s.activation.sms.to] : [])),
        ]),
      ],
    }),
  );

  app.post(
    '/dev/phone/sms',
    {
      schema: {
        hide: true,
        body: z.strictObject({ from: z.string().min(1).max(32), to: z.string().regex(/^[0-9]{2,8}$/), text: z.string().max(480) }),
        response: { 200: z.object({ via: z.enum(['smpp', 'direct']) }) },
      },
    },
    async (request) => {
      const { from, to, text } = request.body;
      const e164 = toE164(from, deps.profile.country);
      const sim = channels.simulator;
      if (sim && sim.boundCount > 0) {
        await sim.injectMo({ from: e164, to, text });
        return { via: 'smpp' as const };
      }
      const reply = await handleInboundSms({ ...deps, accessCodes: channels.accessCodes }, { from: e164, to, text });
      if (reply.text) {
        const list = localInbox.get(e164) ?? [];
        list.push({ from: to, text: reply.text, at: deps.clock.now().toISOString() });
        localInbox.set(e164, list.slice(-50));
      }
      return { via: 'direct' as const };
    },
  );

  app.get(
    '/dev/phone/inbox',
    { schema: { hide: true, querystring: z.object({ number: z.string().min(1).max(32) }), response: { 200: Inbox } } },
    async (request) => {
      const e164 = toE164(request.query.number, deps.profile.country);
      const fromSmsc = (channels.simulator?.submitted ?? [])
        .filter((m) => `+${m.to.replace(/^\+/, '')}` === e164 && m.ussdServiceOp === undefined)
        .map((m) => ({ from: m.from, text: m.text, at: new Date(m.at).toISOString() }));
      return { messages: [...fromSmsc, ...(localInbox.get(e164) ?? [])].sort((a, b) => a.at.localeCompare(b.at)).slice(-50) };
    },
  );
};
