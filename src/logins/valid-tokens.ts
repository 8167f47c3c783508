import { oauthErrorOf } from '../errors.js';
import type { Narrowing, TokenSet } from '../flows/types.js';
import type { ClientRef } from '../oauth-client.js';
import { checkKeyFile } from './configured-login.js';
import { clientOf } from './entries.js';
import { updateIndex } from './index-file.js';
import { needsRelogin } from './relogin-hint.js';
import { isFresh, isStored, type Logins, readSecret, type Wanted, withLoginLock } from './service.js';
import { loginKey, type MachineLogin, type SecretBlob, type StoredLogin } from './types.js';

/**
 * A valid access token for scripts. Renews under a per-login lock, re-reading the secret inside it: when many
 * processes start at once with an expired token, one renews and the others find the new token.
 */
export async function validTokens(
  logins: Logins,
  login: StoredLogin,
  minTtl: number,
  signal: AbortSignal,
  wanted: Wanted = 'access',
  env: NodeJS.ProcessEnv = process.env,
): Promise<TokenSet> {
  const fresh = (tokens: TokenSet) => isFresh(tokens, minTtl, wanted);
  const first = await readSecret(logins, login);
  if (!first) throw needsRelogin(login, 'the stored tokens are missing or damaged', logins);
  if (fresh(first.tokens)) return first.tokens;
  return withLoginLock(logins, login, async () => {
    const blob = await readSecret(logins, login);
    if (!blob) throw needsRelogin(login, 'the stored tokens are missing or damaged', logins);
    if (fresh(blob.tokens)) return blob.tokens;
    const tokens = await renew(logins, login, blob, signal, env);
    // Logged out meanwhile (by a version that did not take the lock, or by hand): what we just got must not live on.
    if (!isStored(logins, login)) {
      await revokeAll(login, blob, tokens, signal);
      throw needsRelogin(
        login,
        'it was logged out while its token was being renewed; the new tokens were revoked',
        logins,
      );
    }
    await logins.store(login.store).set(loginKey(login), JSON.stringify({ ...blob, tokens }));
    await updateIndex(logins.dir, (index) => {
      const current = index.logins[loginKey(login)];
      if (!current) return;
      Object.assign(current, { expires_at: tokens.expires_at, updated_at: new Date().toISOString() });
      delete current.refresh_refused_at;
    });
    // A refresh answer may carry no new ID token (RFC 6749 §6): an expired one is never handed out.
    if (wanted === 'id' && !isFresh(tokens, 0, 'id'))
      throw needsRelogin(login, 'the ID token has expired and a refresh brings no new one', logins);
    return tokens;
  });
}

/**
 * A machine asks for its grant again: client credentials with the stored secret or a fresh assertion, a token
 * exchange with a fresh subject token from the stored source.
 */
export async function renewMachine(
  login: MachineLogin,
  client: ClientRef,
  signal: AbortSignal,
  env: NodeJS.ProcessEnv,
  config?: string,
) {
  const relogin = (why: string) => needsRelogin(login, why, { env, config });
  // Only a renewal signs with the key: a fresh token needs none, and the config stays unread on `token`'s hot path.
  checkKeyFile(login, config, env);
  const { grant } = login;
  const fromStdin = grant.subject?.source.kind === 'stdin' || grant.assertion?.kind === 'stdin';
  if (fromStdin) throw relogin('its token came from standard input, which cannot be read again');
  if (login.flow === 'token-exchange') {
    const { exchangeTokens } = await import('../flows/token-exchange.js');
    return exchangeTokens(login, client, grant, signal, { env });
  }
  if (!client.client_secret && !client.private_key_file && !grant.assertion)
    throw relogin('no client secret is stored to ask for a new token');
  const { mintTokens } = await import('../flows/client-credentials.js');
  try {
    return await mintTokens(login, client, grant, signal, { env });
  } catch (err) {
    if (oauthErrorOf(err) === 'invalid_client' && client.client_secret)
      throw relogin('the provider refused the stored client secret');
    throw err;
  }
}

export async function revokeAll(
  login: StoredLogin,
  blob: SecretBlob,
  tokens: TokenSet,
  signal: AbortSignal,
): Promise<void> {
  if (!login.revocation_endpoint) return;
  const { revokeToken } = await import('../flows/revoke.js');
  const client = clientOf(login, blob.client_secret);
  if (tokens.refresh_token) await revokeToken(login, client, tokens.refresh_token, 'refresh_token', signal);
  await revokeToken(login, client, tokens.access_token, 'access_token', signal);
}

/**
 * A person's refresh (narrowed or not); a refresh token the provider refuses is "needs login", exit 4, and the index
 * records the refusal so that `status` says so (the tokens stay: a new login replaces them).
 */
export async function refreshPerson(
  logins: Logins,
  login: StoredLogin,
  client: ClientRef,
  tokens: TokenSet & { refresh_token: string },
  signal: AbortSignal,
  narrow?: Narrowing,
): Promise<TokenSet> {
  const { refreshTokens } = await import('../flows/refresh.js');
  try {
    return await refreshTokens(login, client, tokens, signal, narrow);
  } catch (err) {
    if (REFRESH_REFUSED.has(oauthErrorOf(err) ?? '')) {
      await updateIndex(logins.dir, (index) => {
        const current = index.logins[loginKey(login)];
        if (current) current.refresh_refused_at = new Date().toISOString();
      });
      throw needsRelogin(login, 'the provider no longer accepts the refresh token', logins);
    }
    throw err;
  }
}

/** The refresh token is dead: RFC 6749's invalid_grant, and GitHub's bad_refresh_token (spent, expired or revoked). */
export const REFRESH_REFUSED = new Set(['invalid_grant', 'bad_refresh_token']);

/**
 * A person's login refreshes; a machine's asks for the same grant again (it has no refresh token); OAuth 1.0a
 * token credentials never expire. The flows load only here: oauth4webapi stays out of a fresh token's hot path.
 */
async function renew(
  logins: Logins,
  login: StoredLogin,
  blob: SecretBlob,
  signal: AbortSignal,
  env: NodeJS.ProcessEnv,
) {
  const client = clientOf(login, blob.client_secret);
  switch (login.kind) {
    case 'person': {
      const { refresh_token } = blob.tokens;
      if (!refresh_token) throw needsRelogin(login, 'the access token expired and there is no refresh token', logins);
      return refreshPerson(logins, login, client, { ...blob.tokens, refresh_token }, signal);
    }
    case 'machine':
      return renewMachine(login, client, signal, env, logins.config);
    case 'oauth1':
      return blob.tokens;
  }
}
