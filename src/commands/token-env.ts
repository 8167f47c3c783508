import { refreshTokens } from '../flows/refresh.js';
import type { TokenSet } from '../flows/types.js';
import type { LoginEntry } from '../logins/types.js';
import { loadConfig } from '../providers/config.js';
import { discover } from '../providers/discover.js';
import { envPrefix, resolveProvider } from '../providers/resolve.js';
import type { Ui } from '../ui.js';

/** `OAUTH_LOGIN_<NAME>_REFRESH_TOKEN`, the CI path: a token minted with no stored state and nothing written. */
export async function tokensFromEnv(
  provider: string,
  refreshToken: string,
  options: { config?: string; issuer?: string },
  env: NodeJS.ProcessEnv,
  ui: Ui,
  signal: AbortSignal,
): Promise<TokenSet> {
  const resolved = resolveProvider(provider, loadConfig(options.config, env), env, { issuer: options.issuer });
  const as = await discover(resolved, signal);
  const entry: LoginEntry = {
    provider,
    account: `${envPrefix(provider)}REFRESH_TOKEN`,
    store: 'memory',
    profile: { id: '' },
    updated_at: new Date().toISOString(),
    client_id: resolved.settings.client_id,
    token_auth: resolved.settings.token_auth,
    issuer: resolved.settings.protocol === 'oidc' ? as.issuer : undefined,
    token_endpoint: as.token_endpoint as string,
  };
  const tokens = await refreshTokens(
    entry,
    { access_token: '', token_type: 'bearer', refresh_token: refreshToken },
    resolved.settings.client_secret,
    signal,
  );
  if (tokens.refresh_token && tokens.refresh_token !== refreshToken) {
    ui.warn(
      `${provider} rotated the refresh token: the one in ${entry.account} will stop working. Store a login instead (oauth-login login ${provider} --store file).`,
    );
  }
  return tokens;
}
