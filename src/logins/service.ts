import { join } from 'node:path';
import { LoginError } from '../errors.js';
import { envPrefix } from '../providers/env-prefix.js';
import { notStored } from './not-stored.js';
import type { TokenSet } from '../flows/types.js';
import type { StoreKind } from '../kinds.js';
import { ensurePrivateDir } from '../store/atomic.js';
import { withLock } from '../store/lock.js';
import { dataDir } from '../store/paths.js';
import type { SecretStore } from '../store/types.js';
import { readIndex, updateIndex } from './index-file.js';
import { storeOf } from './stores.js';
import { loginKey, type SecretBlob, type StoredLogin } from './types.js';
import { jwtPart } from '../jwt-parts.js';
import { using } from '../parts-used.js';

/**
 * The logins service: every command, and the fast path, find, read, save and remove stored logins through here.
 * Plain functions over a small handle, so that the fast path's bundle keeps only what it calls.
 */
export interface Logins {
  /** Where the index, the file store and the locks live. */
  dir: string;
  /** The environment the command runs in: $OAUTH_LOGIN_<NAME>_ACCOUNT picks an account (askedAccount). */
  env: NodeJS.ProcessEnv;
  /** The command's --config, if given: a renewal reads the key file configured there (checkKeyFile). */
  config?: string;
  /** One store per kind for the whole command: one keychain probe, however many logins it visits. */
  store(kind: StoreKind): SecretStore;
}

export interface OpenOptions {
  dir?: string;
  config?: string;
}

export function openLogins(env: NodeJS.ProcessEnv, { dir = dataDir(env), config }: OpenOptions = {}): Logins {
  const stores = new Map<StoreKind, SecretStore>();
  return {
    dir,
    env,
    config,
    store(kind) {
      using(`store:${kind}`);
      const store = stores.get(kind) ?? storeOf(kind, dir);
      stores.set(kind, store);
      return store;
    },
  };
}

const now = () => Math.floor(Date.now() / 1000);

/** What a caller is about to use: the access token (default), or the ID token (`token --id-token`). */
export type Wanted = 'access' | 'id';

/** Whether the token wanted lives more than `minTtl` seconds yet. An ID token is judged by its own `exp`. */
export function isFresh(t: TokenSet, minTtl: number, wanted: Wanted = 'access'): boolean {
  if (wanted === 'id') {
    const exp = t.id_token === undefined ? undefined : idTokenExpiry(t.id_token);
    return t.id_token === undefined || (exp !== undefined && exp - now() > minTtl);
  }
  return t.expires_at === undefined || t.expires_at - now() > minTtl;
}

/** An ID token's `exp` (seconds since the epoch), read without verifying: it was verified when it was stored. */
function idTokenExpiry(jwt: string): number | undefined {
  const { exp } = jwtPart(jwt, 1);
  return typeof exp === 'number' ? exp : undefined;
}

/** Every stored login, and whether it is its provider's default (the one used last). */
export function listLogins(logins: Logins): { login: StoredLogin; isDefault: boolean }[] {
  const index = readIndex(logins.dir);
  return Object.values(index.logins).map((login) => ({
    login,
    isDefault: index.defaults[login.provider] === login.account,
  }));
}

/** The stored login to use: --account, else the provider's default. */
export function findLogin(logins: Logins, provider: string, account?: string): StoredLogin | undefined {
  const index = readIndex(logins.dir);
  const name = account ?? index.defaults[provider];
  return name === undefined ? undefined : index.logins[loginKey({ provider, account: name })];
}

/** The variable that picks a provider's account for one shell or one directory (direnv), e.g. OAUTH_LOGIN_GITHUB_ACCOUNT. */
export function accountVariable(provider: string): string {
  return `${envPrefix(provider)}ACCOUNT`;
}

/** The account a command asked for: --account, else $OAUTH_LOGIN_<NAME>_ACCOUNT, else undefined (the stored default). */
export function askedAccount(logins: Logins, provider: string, flag?: string): string | undefined {
  return flag ?? (logins.env[accountVariable(provider)] || undefined);
}

/**
 * The login a command that cannot go on without one uses (askedAccount's choice, else the default). Without it:
 * "needs login" (exit 4, or 1 for logout), naming what is stored, where the account came from, and the fix.
 */
export function requireLogin(
  logins: Logins,
  provider: string,
  flag?: string,
  exit: 'needsLogin' | 'error' = 'needsLogin',
): StoredLogin {
  const account = askedAccount(logins, provider, flag);
  const login = findLogin(logins, provider, account);
  if (login) return login;
  const chosenBy = flag === undefined && account !== undefined ? accountVariable(provider) : undefined;
  throw notStored(Object.values(readIndex(logins.dir).logins), provider, account, exit, chosenBy, logins.config);
}

/** A stored secret, or undefined when it is missing or damaged (both mean "needs login"; the content is never shown). */
export async function readSecret(logins: Logins, login: StoredLogin): Promise<SecretBlob | undefined> {
  const text = await logins.store(login.store).get(loginKey(login));
  if (text === undefined) return undefined;
  try {
    const blob = JSON.parse(text) as SecretBlob;
    return typeof blob?.tokens?.access_token === 'string' ? blob : undefined;
  } catch {
    return undefined;
  }
}

// Held across a renewal (keychain ≤3 s, provider ≤30 s, keychain again): a lock that young is never broken as stale;
// one left by a killed process is recovered at once (its pid is gone).
const LOGIN_LOCK = { timeoutMs: 60_000, staleMs: 120_000 };

/**
 * Runs `fn` holding this login's lock: a renewal and a logout of the same login never overlap, so a logout can never
 * be followed by a refresh writing a live token back, nor a refresh by a logout that misses what it wrote.
 */
export function withLoginLock<T>(logins: Logins, login: StoredLogin, fn: () => Promise<T>): Promise<T> {
  ensurePrivateDir(join(logins.dir, 'locks'));
  return withLock(join(logins.dir, 'locks', `${encodeURIComponent(loginKey(login))}.lock`), fn, LOGIN_LOCK);
}

/** Whether the index still lists this login (a logout may have removed it since it was read). */
export function isStored(logins: Logins, login: StoredLogin): boolean {
  return Object.hasOwn(readIndex(logins.dir).logins, loginKey(login));
}

/** Secret first, then the index: a crash in between leaves an orphan secret, never an entry without its secret. */
export async function saveLogin(logins: Logins, store: SecretStore, login: StoredLogin, blob: SecretBlob) {
  await store.set(loginKey(login), JSON.stringify(blob));
  if (store.kind === 'memory') return;
  await updateIndex(logins.dir, (index) => {
    index.logins[loginKey(login)] = login;
    index.defaults[login.provider] = login.account;
  });
}

/** The secret, then the index entry; the provider's default passes to another of its logins, if any. */
export async function removeLogin(logins: Logins, login: StoredLogin): Promise<void> {
  try {
    await logins.store(login.store).delete(loginKey(login));
  } catch (err) {
    // The index entry stays, so `status` still shows the login and `logout` can be run again.
    throw new LoginError(
      'logout_incomplete',
      `Could not delete the stored tokens of ${login.provider} (${login.account}): ${(err as Error).message}`,
      { hint: 'Unlock or start the keychain, then run logout again.' },
    );
  }
  await updateIndex(logins.dir, (index) => {
    delete index.logins[loginKey(login)];
    if (index.defaults[login.provider] !== login.account) return;
    const next = Object.values(index.logins).find((other) => other.provider === login.provider);
    if (next) index.defaults[login.provider] = next.account;
    else delete index.defaults[login.provider];
  });
}
