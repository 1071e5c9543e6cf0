/**
 * Mobile-originated traffic that arrives on our own SMPP bind: SMS commands are answered with a
 * submit_sm from the short number; USSD (`ussd_service_op`) dialogues are answered with
 * ussd_service_op 2 (continue) or 17 (final), echoing `its_session_info`.
 */
import type { CoreDeps } from '../core/context.ts';
import type { AccessCodes } from './sms/access-codes.ts';
import { handleInboundSms } from './sms/commands.ts';
import type { InboundSmpp, SmppLink } from './sms/smpp-link.ts';
import { USSD_OP } from './sms/smpp-pdu.ts';
import { handleUssd } from './ussd/engine.ts';

export function answerSmppTraffic(link: SmppLink, deps: CoreDeps & { accessCodes: AccessCodes }): void {
  link.onInbound = async (m: InboundSmpp) => {
    if (m.ussdServiceOp !== undefined) {
      const first = m.ussdServiceOp === USSD_OP.pssrIndication;
      const screen = await handleUssd(deps, {
        // its_session_info: octet 1 is the session number, octet 2 a sequence number and end flag.
        sessionKey: `smpp:${m.from}:${m.itsSessionInfo?.slice(0, 2) ?? '-'}`,
        number: m.from,
        dialled: first ? m.text : undefined,
        input: first ? undefined : m.text,
      });
      await link.submit({
        from: m.to,
        to: m.from,
        text: screen.text,
        ussdServiceOp: screen.end ? USSD_OP.pssrResponse : USSD_OP.ussrRequest,
        itsSessionInfo: m.itsSessionInfo,
      });
      return;
    }
    const reply = await handleInboundSms(deps, { from: m.from, to: m.to, text: m.text });
    if (reply.text) await link.submit({ from: m.to, to: m.from, text: reply.text });
  };
}
