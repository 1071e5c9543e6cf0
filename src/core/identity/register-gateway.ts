/** Registers a gateway client (SMS, USSD, IVR, payment terminals): returns its secret once; only a hash is kept. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { insertGateway, type GatewayRow } from './credential.repository.ts';
import { hashToken, newToken } from './secret-hash.ts';

export type RegisterGatewayInput = { name: string; kind: GatewayRow['kind']; allowedIps: string[] };

export async function registerGateway(
  deps: CoreDeps,
  input: RegisterGatewayInput,
  actor: Actor,
): Promise<{ name: string; secret: string }> {
  if (!/^[a-z][a-z0-9-]{2,63}$/.test(input.name))
    throw new AppError('invalid_input', 'bad gateway name', {}, [{ path: 'name', message: 'lowercase, 3-64 characters' }]);
  if (input.allowedIps.length === 0)
    throw new AppError('invalid_input', 'no allowed IPs', {}, [{ path: 'allowedIps', message: 'at least one address' }]);
  const secret = newToken();
  const now = deps.clock.now();
  const id = await insertGateway(deps.db, {
    name: input.name,
    kind: input.kind,
    secret_hash: hashToken(secret),
    allowed_ips: JSON.stringify(input.allowedIps),
    created_at: now.toISOString(),
  });
  if (id === 0) throw new AppError('conflict', `gateway ${input.name} exists`);
  await writeAudit(deps.db, actor, now, {
    action: 'gateway.register',
    subjectType: 'gateway',
    subjectId: input.name,
    lineId: null,
    before: null,
    after: { kind: input.kind, allowedIps: input.allowedIps },
  });
  return { name: input.name, secret };
}
