import { LoginError, oauthErrorOf } from '../errors.js';
import { refreshTokens } from '../flows/refresh.js';
import { serverSummary } from '../flows/token-result.js';
import type { TokenSet } from '../flows/types.js';
import type { CommandIo } from '../io.js';
import { loadConfig } from '../providers/config.js';
import { discover } from '../providers/discover.js';
import { envPrefix } from '../providers/env-prefix.js';
import { resolveProvider } from '../providers/resolve.js';
import { providerCaFile } from '../network/ca.js';
import { configureNetwork } from '../transport.js';
import { REFRESH_REFUSED } from './valid-tokens.js';

/** `OAUTH_LOGIN_<NAME>_REFRESH_TOKEN`, the CI path: a token minted with no stored state and nothing written. */
export async function tokensFromEnv(
  provider: string,
  refreshToken: string,
  options: { config?: string; issuer?: string; caFile?: string },
  io: Pick<CommandIo, 'env' | 'ui' | 'signal'>,
): Promise<TokenSet> {
  const resolved = resolveProvider(provider, loadConfig(options.config, io.env), io.env, { issuer: options.issuer });
  configureNetwork(io.env, providerCaFile(options.caFile, io.env, resolved));
  const as = await discover(resolved, io.signal);
  const stored = { access_token: '', token_type: 'bearer', refresh_token: refreshToken };
  const variable = `${envPrefix(provider)}REFRESH_TOKEN`;
  const tokens = await refreshTokens(serverSummary(resolved, as), resolved.settings, stored, io.signal).catch(
    (err: unknown) => {
      throw REFRESH_REFUSED.has(oauthErrorOf(err) ?? '') ? refused(provider, variable) : err;
    },
  );
  if (tokens.refresh_token && tokens.refresh_token !== refreshToken) {
    io.ui.warn(
      `${provider} rotated the refresh token: the one in ${variable} will stop working. Store a login instead (oauth-login login ${provider} --store file).`,
    );
  }
  return tokens;
}

/** Nothing is stored to fix: the variable is what must be renewed (needs login, exit 4, as for a stored login). */
function refused(provider: string, variable: string): LoginError {
  return new LoginError('needs_login', `The provider no longer accepts the refresh token in ${variable}.`, {
    exit: 'needsLogin',
    hint: `Renew ${variable}: set it (e.g. your CI secret) to the "refresh_token" that "oauth-login login ${provider} --json --show-tokens --store none" prints.`,
  });
}
