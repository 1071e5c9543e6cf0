/**
 * Starts the real Kannel from Debian (bearerbox + smsbox) on free loopback ports, bound over SMPP
 * to our SMSC simulator and calling Kabinet's get-url. Stopped by pid. Without Kannel the suites
 * skip and say why, unless KABINET_REQUIRE_ALL=1, which turns a missing Kannel into a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REQUIRE_ALL } from './databases.ts';

const BEARERBOX = ['/usr/sbin/bearerbox', '/usr/bin/bearerbox'].find((p) => fs.existsSync(p));
const SMSBOX = ['/usr/sbin/smsbox', '/usr/bin/smsbox'].find((p) => fs.existsSync(p));

/** Why Kannel cannot run here, or undefined when it can. Throws under KABINET_REQUIRE_ALL=1. */
export function kannelUnavailable(): string | undefined {
  if (BEARERBOX && SMSBOX) return undefined;
  const reason = 'Kannel is not installed (apt-get install kannel: /usr/sbin/bearerbox and /usr/sbin/smsbox)';
  if (REQUIRE_ALL) throw new Error(`${reason}; KABINET_REQUIRE_ALL=1 forbids skipping`);
  return reason;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type RunningKannel = {
  sendsmsUrl: string;
  username: string;
  password: string;
  adminUrl: string;
  dir: string;
  stop(): Promise<void>;
};

export async function startKannel(opts: {
  smscPort: number;
  appBaseUrl: string;
  systemId: string;
  password: string;
}): Promise<RunningKannel> {
  if (!BEARERBOX || !SMSBOX) throw new Error('Kannel is not installed');
  const [adminPort, boxPort, sendsmsPort] = [await freePort(), await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-kannel-'));
  const getUrl = `${opts.appBaseUrl}/sms/kannel?from=%p&to=%P&text=%a&smsc=%i&id=%I&coding=%c&charset=%C&meta=%D`;
  // A blank line ends a group: no blank lines inside one. No global-sender (it hides the short number).
  const conf = `group = core
admin-port = ${adminPort}
admin-password = kabinet-admin
admin-interface = 127.0.0.1
smsbox-port = ${boxPort}
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = "${dir}/bearerbox.log"
log-level = 1
access-log = "${dir}/access.log"
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = sim
host = 127.0.0.1
port = ${opts.smscPort}
transceiver-mode = true
smsc-username = ${opts.systemId}
smsc-password = ${opts.password}
system-type = ""
msg-id-type = 0x00
enquire-link-interval = 30
reconnect-delay = 1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${boxPort}
sendsms-port = ${sendsmsPort}
sendsms-interface = 127.0.0.1
log-file = "${dir}/smsbox.log"
log-level = 1
mo-recode = true

group = sendsms-user
username = kabinet
password = kabinet-secret
max-messages = 10
concatenation = true

group = sms-service
keyword = default
catch-all = true
get-url = "${getUrl}"
accept-x-kannel-headers = true
omit-empty = true
max-messages = 10
concatenation = true

group = smpp-tlv
name = ussd_service_op
tag = 0x0501
type = octetstring
length = 1
smsc-id = sim

group = smpp-tlv
name = its_session_info
tag = 0x1383
type = octetstring
length = 2
smsc-id = sim
`;
  const confFile = path.join(dir, 'kannel.conf');
  fs.writeFileSync(confFile, conf);
  const children: ChildProcess[] = [];
  const launch = (bin: string) => {
    const child = spawn(bin, [confFile], { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
    child.stderr?.resume();
    children.push(child);
    return child;
  };
  launch(BEARERBOX);
  await waitForPort(boxPort, 10_000);
  launch(SMSBOX);
  await waitForPort(sendsmsPort, 10_000);
  return {
    sendsmsUrl: `http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms`,
    username: 'kabinet',
    password: 'kabinet-secret',
    adminUrl: `http://127.0.0.1:${adminPort}`,
    dir,
    stop: async () => {
      for (const child of children.reverse()) {
        if (child.exitCode !== null || child.pid === undefined) continue;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`Kannel did not open port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
