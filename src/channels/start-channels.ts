/**
 * Starts the SMS side of a running Kabinet from its configuration: the outbound gateway
 * (`SmsGateway` over the chosen provider) and, for SMPP, the ESME bind that also receives SMS
 * commands and USSD. `simulator` starts the built-in SMSC on a loopback port and binds to it over
 * real SMPP, so the demo and `/dev/phone` go through the same adapters as production.
 */
import type { Config } from '../config.ts';
import type { CoreDeps } from '../core/context.ts';
import type { ChannelDeps } from './channels.ts';
import { answerSmppTraffic } from './smpp-inbound.ts';
import type { AccessCodes } from './sms/access-codes.ts';
import { KannelSmsProvider } from './sms/kannel-provider.ts';
import { SmsGateway } from './sms/send-sms.ts';
import { SmppLink } from './sms/smpp-link.ts';
import { SmppSmsProvider } from './sms/smpp-provider.ts';
import { SmscSimulator } from './sms/smsc-simulator.ts';

export type RunningChannels = { channels: ChannelDeps; stop(): Promise<void> };

export async function startChannels(
  config: Config,
  deps: CoreDeps,
  options: { accessCodes: AccessCodes; onError?: (error: unknown) => void },
): Promise<RunningChannels> {
  const accessCodes = options.accessCodes;
  const onError = options.onError ?? (() => undefined);
  const sender = deps.profile.channels.sms.sender;
  const gatewayOptions = { defaultSender: sender, perSecond: config.sms.perSecond };

  if (config.sms.provider === 'kannel') {
    const url = new URL(config.sms.kannelSendsmsUrl ?? 'http://127.0.0.1:13013/cgi-bin/sendsms');
    const username = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    url.username = '';
    url.password = '';
    const provider = new KannelSmsProvider({
      sendsmsUrl: url.toString(),
      username,
      password,
      callbackBaseUrl: config.sms.publicUrl ?? `http://${config.host}:${config.port}`,
    });
    const sms = new SmsGateway(provider, gatewayOptions);
    sms.listenForReceipts(deps, onError);
    return { channels: { accessCodes, sms }, stop: () => provider.close() };
  }

  let simulator: SmscSimulator | undefined;
  let target: { host: string; port: number; systemId: string; password: string };
  if (config.sms.provider === 'smpp') {
    const url = new URL(config.sms.smppUrl ?? 'smpp://kabinet:kabinet@127.0.0.1:2775');
    target = {
      host: url.hostname,
      port: Number(url.port || 2775),
      systemId: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
  } else {
    simulator = new SmscSimulator({ systemId: 'kabinet', password: 'demo' });
    const port = await simulator.start();
    target = { host: '127.0.0.1', port, systemId: 'kabinet', password: 'demo' };
  }
  const link = new SmppLink(target);
  link.onError = onError;
  answerSmppTraffic(link, { ...deps, accessCodes });
  const sms = new SmsGateway(new SmppSmsProvider(link), gatewayOptions);
  sms.listenForReceipts(deps, onError);
  await link.open(10_000);
  return {
    channels: { accessCodes, sms, simulator },
    stop: async () => {
      await link.close();
      await simulator?.stop();
    },
  };
}
