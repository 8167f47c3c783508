import { shellWord } from '../shell-quote.js';
import type * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { fetchProfile } from '../flows/profile-request.js';
import type { CommandIo } from '../io.js';
import { storedOauth1Credentials } from '../logins/oauth1.js';
import { type Logins, openLogins, requireLogin } from '../logins/service.js';
import type { Oauth1Login } from '../logins/types.js';
import { validTokens } from '../logins/valid-tokens.js';
import { oauthClient, serverOf } from '../oauth-client.js';
import { mapProfile, type Profile } from '../profile.js';
import { personJson, profileLines } from '../output.js';
import { loadConfig } from '../providers/config.js';
import { resolveProvider } from '../providers/resolve.js';
import type { ResolvedProvider } from '../providers/types.js';
import { storedCaFile } from '../network/ca.js';
import { configureNetwork } from '../transport.js';
import { terminalJson } from '../json-out.js';

export interface WhoamiOptions {
  account?: string;
  json?: boolean;
  config?: string;
  caFile?: string;
}

/** `oauth-login whoami`: the profile fetched now with the stored (refreshed if needed) token. */
export async function runWhoami(provider: string, options: WhoamiOptions, io: CommandIo): Promise<void> {
  const logins = openLogins(io.env, { config: options.config });
  const login = requireLogin(logins, provider, options.account);
  if (login.kind === 'machine') {
    throw new LoginError(
      'no_profile',
      `${provider} (${login.account}) is a ${login.flow} login: no person signed in.`,
      {
        hint: `"oauth-login token ${shellWord(provider)}" prints its access token.`,
      },
    );
  }
  configureNetwork(io.env, storedCaFile(options.caFile, io.env, login));
  const tokens = await validTokens(logins, login, 60, io.signal);
  const resolved = resolveProvider(provider, loadConfig(options.config, io.env), io.env, {
    clientId: login.client_id,
    issuer: login.issuer,
  });
  let profile: Profile;
  if (login.kind === 'oauth1') {
    profile = await signedProfile(logins, login, resolved, options.config, io);
  } else {
    // The stored subject stands in for the ID token's: userinfo must still name the same user.
    const claims = resolved.settings.protocol === 'oidc' ? ({ sub: login.profile.id } as oauth.IDToken) : undefined;
    const client = oauthClient(login.client_id);
    profile = await fetchProfile(resolved, serverOf(login), client, tokens.access_token, claims, io.signal);
  }
  io.out(options.json ? terminalJson(personJson(provider, login.account, profile)) : profileLines(provider, profile));
}

/** OAuth 1.0a: the profile request is signed with the stored token credentials instead of carrying a bearer token. */
async function signedProfile(
  logins: Logins,
  login: Oauth1Login,
  provider: ResolvedProvider,
  config: string | undefined,
  io: CommandIo,
): Promise<Profile> {
  if (provider.settings.protocol !== 'oauth1') {
    throw new LoginError(
      'not_oauth1',
      `${provider.name} is configured as ${provider.settings.protocol} now, but its stored login is OAuth 1.0a.`,
      {
        hint: `Run: oauth-login login ${shellWord(provider.name)} --force`,
      },
    );
  }
  const { getSignedJson } = await import('../flows/oauth1-http.js');
  const credentials = await storedOauth1Credentials(logins, login, io.env, config);
  const raw = await getSignedJson(provider.settings.profile_url, credentials, io.signal, {
    what: 'the profile request',
    hint: 'The user may have revoked the app: run oauth-login login again.',
  });
  return mapProfile(provider.settings.profile ?? 'oidc', raw);
}
