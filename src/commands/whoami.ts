import type * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { fetchProfile } from '../flows/profile-request.js';
import { serverFromEntry } from '../flows/refresh.js';
import { storedOauth1Credentials } from '../logins/oauth1.js';
import type { LoginEntry } from '../logins/types.js';
import { profileLines, writeData } from '../output.js';
import { terminalJson } from '../json-out.js';
import { mapProfile, type Profile } from '../profile.js';
import { loadConfig } from '../providers/config.js';
import { resolveProvider } from '../providers/resolve.js';
import type { ResolvedProvider } from '../providers/types.js';
import { dataDir } from '../store/paths.js';
import { findEntry, validTokens } from './token.js';
import { oauthClient } from '../flows/client.js';

/** `oauth-login whoami`: the profile fetched now with the stored (refreshed if needed) token. */
export async function runWhoami(
  provider: string,
  options: { account?: string; json?: boolean; config?: string },
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<void> {
  const dir = dataDir(env);
  const entry = findEntry(dir, provider, options.account);
  if (entry.flow === 'client-credentials') {
    throw new LoginError(
      'no_profile',
      `${provider} (${entry.account}) is a client-credentials login: no person signed in.`,
      {
        hint: `"oauth-login token ${provider}" prints its access token.`,
      },
    );
  }
  const tokens = await validTokens(dir, entry, 60, signal);
  const resolved = resolveProvider(provider, loadConfig(options.config, env), env, {
    clientId: entry.client_id,
    issuer: entry.issuer,
  });
  const client = oauthClient(entry.client_id);
  // The stored subject stands in for the ID token's: userinfo must still name the same user.
  const claims = resolved.settings.protocol === 'oidc' ? ({ sub: entry.profile.id } as oauth.IDToken) : undefined;
  const profile =
    entry.protocol === 'oauth1'
      ? await signedProfile(dir, entry, resolved, env, options.config, signal)
      : await fetchProfile(resolved, serverFromEntry(entry), client, tokens.access_token, claims, signal);
  writeData(
    options.json ? terminalJson({ provider, account: entry.account, profile }) : profileLines(provider, profile),
  );
}

/** OAuth 1.0a: the profile request is signed with the stored token credentials instead of carrying a bearer token. */
async function signedProfile(
  dir: string,
  entry: LoginEntry,
  provider: ResolvedProvider,
  env: NodeJS.ProcessEnv,
  config: string | undefined,
  signal: AbortSignal,
): Promise<Profile> {
  const { getSignedJson } = await import('../flows/oauth1-http.js');
  const credentials = await storedOauth1Credentials(dir, entry, env, config);
  const raw = await getSignedJson(provider.settings.profile_url as string, credentials, signal, {
    what: 'the profile request',
    hint: 'The user may have revoked the app: run oauth-login login again.',
  });
  return mapProfile(provider.settings.profile ?? 'oidc', raw);
}
