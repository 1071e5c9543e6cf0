/**
 * Kannel's smsbox calls these (sms-service `get-url` and `dlr-url`): a mobile-originated SMS with
 * the reply in the body, or USSD carried in SMPP meta-data (the answer's TLVs go back in
 * `X-Kannel-Meta-Data`), and delivery reports of the texts we sent.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChannelDeps } from '../../channels/channels.ts';
import { kannelText, parseSmppMeta, rawParam, tlvInteger } from '../../channels/kannel-request.ts';
import { receiptFromKannelStatus } from '../../channels/sms/kannel-provider.ts';
import { handleInboundSms } from '../../channels/sms/commands.ts';
import { codingFor } from '../../channels/sms/gsm.ts';
import { USSD_OP } from '../../channels/sms/smpp-pdu.ts';
import { applyReceipt } from '../../channels/sms/sms-message.repository.ts';
import { handleUssd } from '../../channels/ussd/engine.ts';
import type { CoreDeps } from '../../core/context.ts';

const MoQuery = z.object({
  from: z.string().min(1).max(32),
  to: z.string().min(1).max(21),
  text: z.string().max(2000).default(''),
  smsc: z.string().max(64).optional(),
  id: z.string().max(64).optional(),
  coding: z.string().max(4).optional(),
  charset: z.string().max(32).optional(),
  meta: z.string().max(2000).optional(),
});

const DlrQuery = z.object({ id: z.coerce.number().int().positive(), status: z.coerce.number().int().min(0).max(255) });

export const smsRoutes: FastifyPluginAsyncZod<{ deps: CoreDeps; channels: ChannelDeps }> = async (app, { deps, channels }) => {
  app.get(
    '/sms/kannel',
    {
      schema: {
        tags: ['channels'],
        summary: 'Kannel get-url: a mobile-originated SMS (or USSD in meta-data); the body is the reply',
        querystring: MoQuery,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const text = kannelText(rawParam(request.url, 'text') ?? '', q.charset);
      const tlvs = parseSmppMeta(q.meta);
      const op = tlvInteger(tlvs.get('ussd_service_op'));
      void reply.type('text/plain; charset=utf-8');
      if (op !== undefined) {
        const session = tlvs.get('its_session_info');
        const sessionHex = session?.subarray(0, 1).toString('hex') ?? ''; // octet 1: the session number
        const first = op === USSD_OP.pssrIndication;
        const screen = await handleUssd(deps, {
          sessionKey: `kannel:${q.from}:${sessionHex}`,
          number: q.from,
          dialled: first ? text : undefined,
          input: first ? undefined : text,
        });
        const answerOp = screen.end ? USSD_OP.pssrResponse : USSD_OP.ussrRequest;
        const sessionPart = session ? `&its_session_info=${[...session].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}` : '';
        // Kannel carries the TLV as an octet string: the raw byte, percent-encoded.
        const opByte = `%${answerOp.toString(16).padStart(2, '0')}`;
        void reply.header('x-kannel-meta-data', `?smpp?ussd_service_op=${opByte}${sessionPart}`);
        if (codingFor(screen.text) === 'ucs2') void reply.header('x-kannel-coding', '2');
        return screen.text;
      }
      const answer = await handleInboundSms({ ...deps, accessCodes: channels.accessCodes }, { from: q.from, to: q.to, text });
      // Tell smsbox to send the reply as UCS-2 when GSM 7-bit cannot carry it (needs accept-x-kannel-headers).
      if (codingFor(answer.text) === 'ucs2') void reply.header('x-kannel-coding', '2');
      return answer.text;
    },
  );

  app.get(
    '/sms/kannel/dlr',
    {
      schema: {
        tags: ['channels'],
        summary: 'Kannel dlr-url: the delivery report of a text Kabinet sent',
        querystring: DlrQuery,
        response: { 200: z.object({ updated: z.boolean() }) },
      },
    },
    async (request) => {
      const receipt = receiptFromKannelStatus(request.query.id, request.query.status);
      if (!receipt) return { updated: false };
      const changed = await applyReceipt(
        deps.db,
        { id: request.query.id },
        receipt.delivered ? 'delivered' : 'undelivered',
        deps.clock.now().toISOString(),
      );
      return { updated: changed > 0 };
    },
  );
};
