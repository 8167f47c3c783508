import { updateIndex } from './index-file.js';
import { type Logins, readSecret, withLoginLock } from './service.js';
import { loginKey, type StoredLogin } from './types.js';

/**
 * A server refused this access token (git's `erase`): it is marked expired, so the next request for a token renews it
 * through the usual path (refresh, or the client-credentials grant again) instead of handing out the same one. Only
 * the token that was refused: one renewed meanwhile by another process is left alone. Returns whether it was marked.
 */
export async function expireAccessToken(logins: Logins, login: StoredLogin, refused: string): Promise<boolean> {
  return withLoginLock(logins, login, async () => {
    const blob = await readSecret(logins, login);
    if (!blob || blob.tokens.access_token !== refused) return false;
    const expires_at = Math.floor(Date.now() / 1000) - 1;
    await logins
      .store(login.store)
      .set(loginKey(login), JSON.stringify({ ...blob, tokens: { ...blob.tokens, expires_at } }));
    await updateIndex(logins.dir, (index) => {
      const current = index.logins[loginKey(login)];
      if (current) Object.assign(current, { expires_at, updated_at: new Date().toISOString() });
    });
    return true;
  });
}
