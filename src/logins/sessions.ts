import { LoginError } from '../errors.js';
import { terminalSafe } from '../sanitize.js';
import type { LoginResult, TokenSet } from '../flows/types.js';
import type { ResolvedProvider } from '../providers/types.js';
import { FileStore } from '../store/file.js';
import { KeychainStore, probeKeychain } from '../store/keychain.js';
import { MemoryStore } from '../store/memory.js';
import type { SecretStore, StoreKind } from '../store/types.js';
import type { Ui } from '../ui.js';
import { updateIndex } from './index-file.js';
import { type LoginEntry, loginKey } from './types.js';

export type StoreOption = 'auto' | 'keychain' | 'file' | 'none';
const OPTIONS: StoreOption[] = ['auto', 'keychain', 'file', 'none'];

/** The secret half of a login. Lives only in the chosen store, as JSON. */
export interface SecretBlob {
  tokens: TokenSet;
  /**
   * Kept so `token` can refresh a confidential client without asking again, and so `sign` has the OAuth 1.0a
   * consumer secret when neither the environment nor the config file holds it.
   */
  client_secret?: string;
}

/** `--store` ← `$OAUTH_LOGIN_STORE` ← auto. */
export function storeOption(flag: string | undefined, env: NodeJS.ProcessEnv): StoreOption {
  const value = flag ?? env.OAUTH_LOGIN_STORE ?? 'auto';
  if (!OPTIONS.includes(value as StoreOption)) {
    throw new LoginError('invalid_store', `Unknown store "${value}".`, { hint: `Use one of: ${OPTIONS.join(', ')}.` });
  }
  return value as StoreOption;
}

export function storeOf(kind: StoreKind, dir: string): SecretStore {
  if (kind === 'file') return new FileStore(dir);
  if (kind === 'keychain') return new KeychainStore();
  return new MemoryStore();
}

/** One store per kind for a command that visits many logins: one keychain probe, not one per login. */
export function storeCache(dir: string): (kind: StoreKind) => SecretStore {
  const stores = new Map<StoreKind, SecretStore>();
  return (kind) => {
    const store = stores.get(kind) ?? storeOf(kind, dir);
    stores.set(kind, store);
    return store;
  };
}

/**
 * Where a new login goes. `auto` means the keychain when it answers; otherwise the tokens stay in memory for this
 * run: never a silent downgrade to plaintext. A file store is used only when asked for.
 */
export async function storeForNewLogin(
  option: StoreOption,
  dir: string,
  env: NodeJS.ProcessEnv,
  ui: Ui,
): Promise<SecretStore> {
  if (option === 'file') return new FileStore(dir);
  if (option === 'none') return new MemoryStore();
  const probe = await probeKeychain(env);
  if (probe.ok) return new KeychainStore({ probe });
  if (option === 'keychain') {
    throw new LoginError('keychain_unavailable', `The OS keychain is unavailable: ${probe.reason}`, {
      hint: 'Unlock or start your keychain, or choose --store file (a 0600 file) or --store none.',
    });
  }
  ui.warn(
    `The OS keychain is unavailable (${probe.reason}): the tokens are kept for this run only. ` +
      'To keep them in a private file instead, pass --store file or set OAUTH_LOGIN_STORE=file.',
  );
  return new MemoryStore();
}

export function entryFor(
  result: LoginResult,
  provider: ResolvedProvider,
  account: string,
  store: StoreKind,
): LoginEntry {
  const { id, name, email, username } = result.profile;
  return {
    provider: result.provider,
    account,
    store,
    profile: { id, name, email, username },
    // A machine grant asked for its own scope (perhaps none), not the provider's scope for people.
    scope:
      result.tokens.scope ??
      (result.flow === 'client-credentials' ? result.grant?.scope : provider.settings.scope || undefined),
    expires_at: result.tokens.expires_at,
    updated_at: new Date().toISOString(),
    protocol: provider.settings.protocol,
    client_id: provider.settings.client_id,
    token_auth: provider.settings.token_auth,
    ...result.server,
    flow: result.flow,
    grant: result.grant,
  };
}

/** The account name a login is stored under: --account, else the profile's username, e-mail or id. */
export function accountFor(result: LoginResult, flag: string | undefined): string {
  // Printed by status, logout and errors, and part of a store key: a provider's text is made terminal-safe here, once.
  return terminalSafe(flag ?? result.profile.username ?? result.profile.email ?? result.profile.id, 100);
}

/** Secret first, then the index: a crash in between leaves an orphan secret, never an entry without its secret. */
export async function saveLogin(dir: string, store: SecretStore, entry: LoginEntry, blob: SecretBlob): Promise<void> {
  await store.set(loginKey(entry.provider, entry.account), JSON.stringify(blob));
  if (store.kind === 'memory') return;
  await updateIndex(dir, (index) => {
    index.logins[loginKey(entry.provider, entry.account)] = entry;
    index.defaults[entry.provider] = entry.account;
  });
}

/** A stored secret, or undefined when it is missing or damaged (both mean "needs login"; the content is never shown). */
export async function readSecret(store: SecretStore, key: string): Promise<SecretBlob | undefined> {
  const text = await store.get(key);
  if (text === undefined) return undefined;
  try {
    const blob = JSON.parse(text) as SecretBlob;
    return typeof blob?.tokens?.access_token === 'string' ? blob : undefined;
  } catch {
    return undefined;
  }
}
