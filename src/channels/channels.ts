/** What the SMS and USSD adapters need besides the core: the access-code port and, when configured, the outbound SMS gateway and the demo SMSC. */
import type { AccessCodes } from './sms/access-codes.ts';
import type { SmsGateway } from './sms/send-sms.ts';
import type { SmscSimulator } from './sms/smsc-simulator.ts';

export type ChannelDeps = {
  accessCodes: AccessCodes;
  sms?: SmsGateway | undefined;
  /** The built-in SMSC the demo binds to; `/dev/phone` talks through it. */
  simulator?: SmscSimulator | undefined;
};
