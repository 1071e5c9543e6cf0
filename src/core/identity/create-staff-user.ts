/** Creates an agent, supervisor, operator admin or corporate admin who logs in with login and password. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { findCustomer } from '../subscribers/line.repository.ts';
import { insertStaff, type StaffRow } from './credential.repository.ts';
import { identityRules, type IdentityDeps } from './identity-deps.ts';
import { checkNewPassword } from './password-rules.ts';
import { hashSecret } from './secret-hash.ts';

export type CreateStaffUserInput = {
  login: string;
  name: string;
  role: StaffRow['role'];
  password: string;
  customerId?: number | undefined;
};

export async function createStaffUser(
  deps: IdentityDeps,
  input: CreateStaffUserInput,
  actor: Actor,
): Promise<{ id: number; login: string }> {
  if (!/^[a-z][a-z0-9._-]{2,63}$/.test(input.login))
    throw new AppError('invalid_input', 'bad login', {}, [{ path: 'login', message: 'lowercase, 3-64 characters' }]);
  checkNewPassword(input.password, Math.max(12, identityRules(deps).passwordMinLength), '');
  const customerId = input.role === 'corporate-admin' ? input.customerId : undefined;
  if (input.role === 'corporate-admin') {
    const customer = customerId === undefined ? undefined : await findCustomer(deps.db, customerId);
    if (customer?.kind !== 'corporate')
      throw new AppError('invalid_input', 'corporate admin needs a corporate customer', {}, [
        { path: 'customerId', message: 'a corporate customer' },
      ]);
  }
  const now = deps.clock.now();
  const id = await insertStaff(deps.db, {
    login: input.login,
    name: input.name,
    role: input.role,
    customer_id: customerId ?? null,
    password_hash: await hashSecret(input.password, deps.hashing),
    created_at: now.toISOString(),
  });
  if (id === 0) throw new AppError('conflict', `login ${input.login} taken`);
  await writeAudit(deps.db, actor, now, {
    action: 'staff.create',
    subjectType: 'staff',
    subjectId: input.login,
    lineId: null,
    before: null,
    after: { role: input.role, customerId: customerId ?? null },
  });
  return { id, login: input.login };
}
