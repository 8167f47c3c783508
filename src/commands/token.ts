import { execInfo } from '../exec-credential.js';
import type { CommandIo, SignIn } from '../io.js';
import { relogin } from '../logins/relogin.js';
import { openLogins, requireLogin } from '../logins/service.js';
import { storedCaFile } from '../network/ca.js';
import { configureNetwork } from '../transport.js';
import { validTokens } from '../logins/valid-tokens.js';
import { envPrefix } from '../providers/resolve.js';
import { formatToken } from '../token-format.js';
import type { TokenOptions } from '../token-options.js';

/**
 * `oauth-login token <provider>`: a valid access token on stdout, renewed when needed. The fast path (fast.ts)
 * answers a fresh stored token before this module loads; this is everything else.
 */
export async function runToken(provider: string, options: TokenOptions, io: CommandIo, signIn?: SignIn): Promise<void> {
  const exec = options.format === 'exec-credential' ? execInfo(io.env) : undefined;
  const format = { ...options, apiVersion: exec?.apiVersion };
  const fromEnv = options.account === undefined ? io.env[`${envPrefix(provider)}REFRESH_TOKEN`] : undefined;
  if (fromEnv) {
    const { tokensFromEnv } = await import('../logins/env-refresh-token.js');
    io.out(formatToken('person', await tokensFromEnv(provider, fromEnv, options, io), format, provider));
    return;
  }
  const logins = openLogins(io.env);
  const wanted = options.idToken ? 'id' : 'access';
  const valid = async () => {
    const login = requireLogin(logins, provider, options.account);
    configureNetwork(io.env, storedCaFile(options.caFile, io.env, login));
    return { login, tokens: await validTokens(logins, login, options.minTtl, io.signal, wanted, io.env) };
  };
  // kubectl says whether the person may be asked: then a login that needs a browser runs, with progress on stderr.
  const canSignIn = exec?.interactive === true ? signIn : undefined;
  const { login, tokens } = await relogin(logins, provider, options.account, valid, canSignIn, io);
  io.out(formatToken(login.kind, tokens, format, provider));
}
