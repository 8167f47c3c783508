import { shellWord } from '../shell-quote.js';
import { LoginError } from '../errors.js';
import { needsRelogin } from './relogin-hint.js';
import type { Oauth1Credentials } from '../flows/oauth1-sign.js';
import { loadConfig } from '../providers/config.js';
import { envPrefix } from '../providers/env-prefix.js';
import { type Logins, readSecret } from './service.js';
import type { StoredLogin } from './types.js';

/**
 * The consumer secret for a stored login: the environment, then the config file, then the copy kept with the tokens.
 * A source that names another consumer key is skipped: its secret would sign for an app the tokens were not issued to.
 */
function consumerSecret(
  entry: StoredLogin,
  stored: string | undefined,
  env: NodeJS.ProcessEnv,
  configFlag: string | undefined,
): string | undefined {
  const prefix = envPrefix(entry.provider);
  const fromEnv = env[`${prefix}CLIENT_SECRET`];
  if (fromEnv && (env[`${prefix}CLIENT_ID`] || entry.client_id) === entry.client_id) return fromEnv;
  const configured = loadConfig(configFlag, env).providers[entry.provider];
  if (configured?.client_secret && (configured.client_id ?? entry.client_id) === entry.client_id) {
    return configured.client_secret;
  }
  return stored;
}

/** Everything needed to sign a request as the user of a stored OAuth 1.0a login. Nothing here is ever printed. */
export async function storedOauth1Credentials(
  logins: Logins,
  entry: StoredLogin,
  env: NodeJS.ProcessEnv,
  configFlag: string | undefined,
): Promise<Oauth1Credentials> {
  if (entry.kind !== 'oauth1') {
    throw new LoginError(
      'not_oauth1',
      `The stored ${entry.provider} login uses bearer tokens, not OAuth 1.0a signatures.`,
      {
        hint: `Run: oauth-login token ${shellWord(entry.provider)} --format header`,
      },
    );
  }
  const blob = await readSecret(logins, entry);
  if (!blob?.tokens.token_secret)
    throw needsRelogin(entry, 'the stored token credentials are missing or damaged', { env, config: configFlag });
  const secret = consumerSecret(entry, blob.client_secret, env, configFlag);
  if (!secret) {
    throw new LoginError('missing_client_secret', `No consumer secret for the stored ${entry.provider} login.`, {
      hint: `Set ${envPrefix(entry.provider)}CLIENT_SECRET, or add "client_secret" under providers.${entry.provider} in the config file.`,
    });
  }
  return {
    consumerKey: entry.client_id,
    consumerSecret: secret,
    token: blob.tokens.access_token,
    tokenSecret: blob.tokens.token_secret,
  };
}
