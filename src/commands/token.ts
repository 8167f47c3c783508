import { execInfo } from '../exec-credential.js';
import type { CommandIo, SignIn } from '../io.js';
import { relogin } from '../logins/relogin.js';
import { openLogins, requireLogin } from '../logins/service.js';
import { storedCaFile } from '../network/ca.js';
import { configureNetwork } from '../transport.js';
import { validTokens } from '../logins/valid-tokens.js';
import { envPrefix } from '../providers/env-prefix.js';
import { formatToken } from '../token-format.js';
import { providerName } from '../providers/resource-id.js';
import type { TokenOptions } from '../token-options.js';
import { LoginError } from '../errors.js';
import type { Narrowing } from '../flows/types.js';

/** --scope, --resource, --audience as one request shape; undefined when none is given. */
function narrowingOf(options: TokenOptions, envVariable: string | undefined): Narrowing | undefined {
  const { scope, resource, audience } = options;
  if (scope === undefined && resource === undefined && audience === undefined) return undefined;
  const usage = (message: string, hint: string) => new LoginError('usage', message, { hint });
  if (options.idToken)
    throw usage(
      '--id-token cannot be narrowed: --scope, --resource and --audience ask for an access token.',
      'Drop --id-token, or the narrowing flags.',
    );
  if (envVariable)
    throw usage(
      `A narrowed token needs a stored login, and ${envVariable} is set.`,
      `Unset ${envVariable}, or pass --account to use a stored login.`,
    );
  if (scope !== undefined && !scope.trim())
    throw usage('--scope is empty.', 'Name the scopes the token is for, e.g. --scope "openid".');
  return { scope: scope?.trim(), resource, audience };
}

/**
 * `oauth-login token <provider>`: a valid access token on stdout, renewed when needed. The fast path (fast.ts)
 * answers a fresh stored token before this module loads; this is everything else.
 */
export async function runToken(argument: string, options: TokenOptions, io: CommandIo, signIn?: SignIn): Promise<void> {
  const provider = providerName(argument); // a resource URL's login is stored under its identifier
  const exec = options.format === 'exec-credential' ? execInfo(io.env) : undefined;
  const format = { ...options, apiVersion: exec?.apiVersion };
  const fromEnv = options.account === undefined ? io.env[`${envPrefix(provider)}REFRESH_TOKEN`] : undefined;
  const narrow = narrowingOf(options, fromEnv ? `${envPrefix(provider)}REFRESH_TOKEN` : undefined);
  if (fromEnv) {
    const { tokensFromEnv } = await import('../logins/env-refresh-token.js');
    io.out(formatToken('person', await tokensFromEnv(provider, fromEnv, options, io), format, provider));
    return;
  }
  const logins = openLogins(io.env, { config: options.config });
  const wanted = options.idToken ? 'id' : 'access';
  const valid = async () => {
    const login = requireLogin(logins, provider, options.account);
    configureNetwork(io.env, storedCaFile(options.caFile, io.env, login));
    if (narrow) {
      const { narrowedTokens } = await import('../logins/narrowed.js');
      return { login, tokens: await narrowedTokens(logins, login, narrow, options.minTtl, io.signal, io.env) };
    }
    return { login, tokens: await validTokens(logins, login, options.minTtl, io.signal, wanted, io.env) };
  };
  // kubectl says whether the person may be asked: then a login that needs a browser runs, with progress on stderr.
  // A provider configured for a machine flow logs in by itself: a pipeline needs only its config file.
  const ways = { person: exec?.interactive === true ? signIn : undefined, configured: signIn };
  const { login, tokens } = await relogin(logins, provider, options, valid, ways, io);
  io.out(formatToken(login.kind, tokens, format, provider));
}
