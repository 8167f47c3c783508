import type { SignIn, SignInRequest } from '../io.js';
import { loadConfig } from '../providers/config.js';
import { isPresetName, PRESETS } from '../providers/presets.js';

/**
 * The login that `token --format exec-credential` (kubectl, interactive) and `git-credential get` (git's terminal
 * prompt allowed) may run: the browser flow, as the stored login was made. stdout belongs to kubectl or git, so the
 * profile the login command would print there is dropped; its progress and summary still go to stderr.
 */
export const signIn: SignIn = async (request, io) => {
  const { runLogin } = await import('../commands/login.js');
  const options = {
    issuer: storedIssuer(request, io.env),
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

/**
 * The issuer the stored login was made with (`--issuer`), for a provider that has one: an OpenID preset or entry, or
 * a bare name. A plain OAuth 2.0 provider's stored "issuer" is only its token endpoint's origin, never passed back.
 */
function storedIssuer(request: SignInRequest, env: NodeJS.ProcessEnv): string | undefined {
  const configured = loadConfig(request.config, env).providers[request.provider];
  const preset = isPresetName(request.provider) ? (PRESETS[request.provider] as { issuer?: string }) : undefined;
  if (!preset && !configured) return request.issuer;
  return (configured?.issuer ?? preset?.issuer) === undefined ? undefined : request.issuer;
}
