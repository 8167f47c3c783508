import type { SignIn } from '../io.js';
import { isPresetName } from '../providers/presets.js';

/**
 * The login that `token --format exec-credential` (kubectl, interactive) and `git-credential get` (git's terminal
 * prompt allowed) may run: the browser flow, as the stored login was made. stdout belongs to kubectl or git, so the
 * profile the login command would print there is dropped; its progress and summary still go to stderr.
 */
export const signIn: SignIn = async (request, io) => {
  const { runLogin } = await import('../commands/login.js');
  // A preset knows its issuer; a stored one is only needed for a name that came with --issuer.
  const issuer = isPresetName(request.provider) ? undefined : request.issuer;
  const options = {
    issuer,
    clientId: request.clientId,
    account: request.account,
    caFile: request.caFile,
    store: request.store,
    timeout: 300,
  };
  await runLogin(request.provider, options, { ...io, out: () => {} });
};
