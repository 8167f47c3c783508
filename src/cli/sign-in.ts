import type { SignIn } from '../io.js';
import { loadConfig } from '../providers/config.js';
import { storedIssuerFor } from '../logins/relogin-hint.js';

/**
 * The login that `token --format exec-credential` (kubectl, interactive) and `git-credential get` (git's terminal
 * prompt allowed) may run: the browser flow, as the stored login was made. stdout belongs to kubectl or git, so the
 * profile the login command would print there is dropped; its progress and summary still go to stderr.
 */
export const signIn: SignIn = async (request, io) => {
  const { runLogin } = await import('../commands/login.js');
  const options = {
    issuer: storedIssuerFor(request.provider, request.issuer, loadConfig(request.config, io.env)),
    host: request.host,
    clientId: request.clientId,
    account: request.account,
    caFile: request.caFile,
    privateKeyFile: request.privateKeyFile,
    store: request.store,
    config: request.config,
    timeout: 300,
  };
  await runLogin(request.provider, options, { ...io, out: () => {} });
};
