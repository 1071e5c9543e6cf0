/** Registers a web account (S4.2): the number, the SMS code sent to it, then a password; opens a session. */
import type { Actor } from '../context.ts';
import type { IdentityDeps } from './identity-deps.ts';
import type { SessionGrant } from './session.ts';
import { setPasswordWithCode, type SetPasswordWithCodeInput } from './web-password.ts';

export type RegisterWebAccountInput = SetPasswordWithCodeInput;

export async function registerWebAccount(deps: IdentityDeps, input: RegisterWebAccountInput, actor: Actor): Promise<SessionGrant> {
  return setPasswordWithCode(deps, input, 'register', actor);
}
