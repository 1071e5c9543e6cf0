/** Identifies a gateway client by name and secret, and only from one of its allowed IP addresses. */
import type { Channel, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { findGatewayByName, type GatewayRow } from './credential.repository.ts';
import type { Principal } from './policy.ts';
import { hashToken, sameHash } from './secret-hash.ts';

export type AuthenticateGatewayInput = { name: string; secret: string; ip: string };

const CHANNEL_OF: Record<GatewayRow['kind'], Channel> = { sms: 'sms', ussd: 'ussd', ivr: 'ivr', 'payment-terminal': 'terminal' };
const NO_HASH = hashToken('no such gateway');

export async function authenticateGateway(deps: Pick<CoreDeps, 'db'>, input: AuthenticateGatewayInput): Promise<Principal> {
  const gateway = await findGatewayByName(deps.db, input.name.slice(0, 64));
  const right = sameHash(hashToken(input.secret), gateway?.secret_hash ?? NO_HASH);
  if (!gateway || !right || gateway.disabled !== 0) throw new AppError('unauthenticated', `gateway ${input.name} refused`);
  const allowed = JSON.parse(gateway.allowed_ips) as string[];
  if (!allowed.includes(normalizeIp(input.ip))) throw new AppError('forbidden', `gateway ${input.name} from ${input.ip} not allowed`);
  return {
    role: 'gateway',
    id: gateway.name,
    sessionId: null,
    lineId: null,
    customerId: null,
    staffId: null,
    channel: CHANNEL_OF[gateway.kind],
  };
}

/** `::ffff:10.0.0.1` → `10.0.0.1`. */
function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
