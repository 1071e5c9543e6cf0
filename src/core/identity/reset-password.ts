/** Sets a new web password with a reset code sent by SMS; every older session of the line ends. */
import type { Actor } from '../context.ts';
import type { IdentityDeps } from './identity-deps.ts';
import type { SessionGrant } from './session.ts';
import { setPasswordWithCode, type SetPasswordWithCodeInput } from './web-password.ts';

export type ResetPasswordInput = SetPasswordWithCodeInput;

export async function resetPassword(deps: IdentityDeps, input: ResetPasswordInput, actor: Actor): Promise<SessionGrant> {
  return setPasswordWithCode(deps, input, 'reset', actor);
}
