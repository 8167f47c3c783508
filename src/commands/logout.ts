import * as oauth from 'oauth4webapi';
import { clientAuthFor } from '../providers/discover.js';
import { httpOptions } from '../http.js';
import { LoginError, needsLogin } from '../errors.js';
import { serverFromEntry } from '../flows/refresh.js';
import { readIndex, updateIndex } from '../logins/index-file.js';
import { readSecret, storeCache } from '../logins/sessions.js';
import { type LoginEntry, loginKey } from '../logins/types.js';
import { dataDir } from '../store/paths.js';
import type { Ui } from '../ui.js';
import { oauthClient } from '../flows/client.js';

/** RFC 7009: 200 means revoked (or already invalid); 503 may be retried once. */
async function revoke(
  entry: LoginEntry,
  token: string,
  hint: 'refresh_token' | 'access_token',
  secret: string | undefined,
  signal: AbortSignal,
): Promise<boolean> {
  const as = serverFromEntry(entry);
  const client = oauthClient(entry.client_id);
  const auth = clientAuthFor({ client_secret: secret, token_auth: entry.token_auth });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const body = new URLSearchParams({ token_type_hint: hint });
      const response = await oauth.revocationRequest(as, client, auth, token, {
        ...httpOptions(signal),
        additionalParameters: body,
      });
      if (response.status === 503 && attempt === 0) continue;
      await oauth.processRevocationResponse(response);
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

async function logoutOne(
  dir: string,
  stores: ReturnType<typeof storeCache>,
  entry: LoginEntry,
  ui: Ui,
  signal: AbortSignal,
): Promise<void> {
  const store = stores(entry.store);
  const key = loginKey(entry.provider, entry.account);
  const blob = await readSecret(store, key).catch(() => undefined);
  if (blob && entry.revocation_endpoint) {
    const { refresh_token, access_token } = blob.tokens;
    const revoked = [
      refresh_token ? await revoke(entry, refresh_token, 'refresh_token', blob.client_secret, signal) : true,
      await revoke(entry, access_token, 'access_token', blob.client_secret, signal),
    ];
    if (revoked.every(Boolean))
      ui.success(`Revoked the tokens of ${entry.provider} (${entry.account}) at the provider.`);
    else
      ui.warn(
        `Could not revoke the tokens of ${entry.provider} (${entry.account}) at the provider: they may remain valid until they expire.`,
      );
  } else if (blob) {
    // OAuth 1.0a token credentials never expire: only the user can end them, in the provider's app settings.
    const until = entry.protocol === 'oauth1' ? "you revoke the app's access in your account settings" : 'they expire';
    ui.warn(`${entry.provider} has no revocation endpoint: the tokens remain valid at the provider until ${until}.`);
  }
  // Local deletion happens whatever revocation did: logging out must never leave the secret behind.
  try {
    await store.delete(key);
  } catch (err) {
    // The index entry stays, so `status` still shows the login and `logout` can be run again.
    throw new LoginError(
      'logout_incomplete',
      `Could not delete the stored tokens of ${entry.provider} (${entry.account}): ${(err as Error).message}`,
      {
        hint: 'Unlock or start the keychain, then run logout again.',
      },
    );
  }
  await updateIndex(dir, (index) => {
    delete index.logins[key];
    if (index.defaults[entry.provider] === entry.account) {
      const next = Object.values(index.logins).find((e) => e.provider === entry.provider);
      if (next) index.defaults[entry.provider] = next.account;
      else delete index.defaults[entry.provider];
    }
  });
  ui.success(`Logged out of ${entry.provider} (${entry.account}).`);
}

export async function runLogout(
  provider: string,
  options: { account?: string; all?: boolean },
  env: NodeJS.ProcessEnv,
  ui: Ui,
  signal: AbortSignal,
): Promise<void> {
  const dir = dataDir(env);
  const index = readIndex(dir);
  const account = options.account ?? index.defaults[provider];
  const entries = Object.values(index.logins).filter(
    (e) => e.provider === provider && (options.all || e.account === account),
  );
  if (entries.length === 0)
    throw needsLogin(
      { provider, account: account ?? 'no account' },
      'nothing is stored, so there is nothing to log out of',
    );
  const stores = storeCache(dir);
  for (const entry of entries) await logoutOne(dir, stores, entry, ui, signal);
}
