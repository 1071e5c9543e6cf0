/** The in-repo SMSC simulator with Kabinet's SMPP link bound to it: what the outbound SMS tests send through. */
import { SmppLink } from '../../src/channels/sms/smpp-link.ts';
import { SmscSimulator, type SimulatorOptions } from '../../src/channels/sms/smsc-simulator.ts';

export type SmppPair = { smsc: SmscSimulator; link: SmppLink; stop(): Promise<void> };

/** Starts the simulator on a free loopback port and binds a link to it (credentials `kabinet` / `secret` unless given). */
export async function startSmppPair(options: SimulatorOptions = {}): Promise<SmppPair> {
  const smsc = new SmscSimulator({ systemId: 'kabinet', password: 'secret', ...options });
  const port = await smsc.start();
  const link = new SmppLink({ host: '127.0.0.1', port, systemId: options.systemId ?? 'kabinet', password: options.password ?? 'secret' });
  await link.open();
  return {
    smsc,
    link,
    stop: async () => {
      await link.close();
      await smsc.stop();
    },
  };
}
