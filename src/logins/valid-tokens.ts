import { join } from 'node:path';
import { needsLogin, oauthErrorOf } from '../errors.js';
import type { TokenSet } from '../flows/types.js';
import type { ClientRef } from '../oauth-client.js';
import { ensurePrivateDir } from '../store/atomic.js';
import { withLock } from '../store/lock.js';
import { updateIndex } from './index-file.js';
import { isFresh, type Logins, readSecret } from './service.js';
import { loginKey, type SecretBlob, type StoredLogin } from './types.js';

// Held across a renewal (keychain ≤3 s, provider ≤30 s, keychain again): a lock that young is never broken as stale;
// one left by a killed process is recovered at once (its pid is gone).
const LOCK = { timeoutMs: 60_000, staleMs: 120_000 };

/**
 * A valid access token for scripts. Renews under a per-login lock, re-reading the secret inside it: when many
 * processes start at once with an expired token, one renews and the others find the new token.
 */
export async function validTokens(
  logins: Logins,
  login: StoredLogin,
  minTtl: number,
  signal: AbortSignal,
): Promise<TokenSet> {
  const first = await readSecret(logins, login);
  if (!first) throw needsLogin(login, 'the stored tokens are missing or damaged');
  if (isFresh(first.tokens, minTtl)) return first.tokens;
  ensurePrivateDir(join(logins.dir, 'locks'));
  const lock = join(logins.dir, 'locks', `${encodeURIComponent(loginKey(login))}.lock`);
  return withLock(
    lock,
    async () => {
      const blob = await readSecret(logins, login);
      if (!blob) throw needsLogin(login, 'the stored tokens are missing or damaged');
      if (isFresh(blob.tokens, minTtl)) return blob.tokens;
      const tokens = await renew(login, blob, signal);
      await logins.store(login.store).set(loginKey(login), JSON.stringify({ ...blob, tokens }));
      await updateIndex(logins.dir, (index) => {
        const current = index.logins[loginKey(login)];
        if (current) Object.assign(current, { expires_at: tokens.expires_at, updated_at: new Date().toISOString() });
      });
      return tokens;
    },
    LOCK,
  );
}

/**
 * A person's login refreshes; a machine's asks for the same grant again (it has no refresh token); OAuth 1.0a
 * token credentials never expire. The flows load only here: oauth4webapi stays out of a fresh token's hot path.
 */
async function renew(login: StoredLogin, blob: SecretBlob, signal: AbortSignal): Promise<TokenSet> {
  const client: ClientRef = {
    client_id: login.client_id,
    client_secret: blob.client_secret,
    token_auth: login.token_auth,
  };
  switch (login.kind) {
    case 'person': {
      const { refresh_token } = blob.tokens;
      if (!refresh_token) throw needsLogin(login, 'the access token expired and there is no refresh token');
      const { refreshTokens } = await import('../flows/refresh.js');
      try {
        return await refreshTokens(login, client, { ...blob.tokens, refresh_token }, signal);
      } catch (err) {
        if (oauthErrorOf(err) === 'invalid_grant')
          throw needsLogin(login, 'the provider no longer accepts the refresh token');
        throw err;
      }
    }
    case 'machine': {
      const relogin = (why: string) => needsLogin(login, why, ' --flow client-credentials');
      if (!blob.client_secret) throw relogin('no client secret is stored to ask for a new token');
      const { mintTokens } = await import('../flows/client-credentials.js');
      try {
        return await mintTokens(login, client, login.grant, signal);
      } catch (err) {
        if (oauthErrorOf(err) === 'invalid_client') throw relogin('the provider refused the stored client secret');
        throw err;
      }
    }
    case 'oauth1':
      return blob.tokens;
  }
}
