import { LoginError } from '../errors.js';
import { isOneOf, STORE_OPTIONS, type StoreKind, type StoreOption } from '../kinds.js';
import { ensurePrivateDir } from '../store/atomic.js';
import { FileStore } from '../store/file.js';
import { KeychainStore, probeKeychain } from '../store/keychain.js';
import { MemoryStore } from '../store/memory.js';
import type { SecretStore } from '../store/types.js';

/** `--store` ← `$OAUTH_LOGIN_STORE` ← auto. */
export function storeOption(flag: string | undefined, env: NodeJS.ProcessEnv): StoreOption {
  const value = flag ?? env.OAUTH_LOGIN_STORE ?? 'auto';
  if (!isOneOf(STORE_OPTIONS, value)) {
    throw new LoginError('invalid_store', `Unknown store "${value}".`, {
      hint: `Use one of: ${STORE_OPTIONS.join(', ')}.`,
    });
  }
  return value;
}

export function storeOf(kind: StoreKind, dir: string): SecretStore {
  switch (kind) {
    case 'file':
      return new FileStore(dir);
    case 'keychain':
      return new KeychainStore();
    case 'memory':
      return new MemoryStore();
  }
}

/**
 * Where a new login goes, checked before anyone signs in (a private data directory, a keychain that answers).
 * `auto` means the keychain when it answers; otherwise the tokens stay in memory for this run: never a silent
 * downgrade to plaintext. A file store is used only when asked for.
 */
export async function storeForNewLogin(
  option: StoreOption,
  dir: string,
  env: NodeJS.ProcessEnv,
  notice: (text: string) => void,
): Promise<SecretStore> {
  if (option === 'none') return new MemoryStore();
  if (option === 'file') {
    const store = new FileStore(dir);
    store.prepare();
    return store;
  }
  const probe = await probeKeychain(env);
  if (probe.ok) {
    ensurePrivateDir(dir); // the index lives there
    return new KeychainStore({ probe });
  }
  if (option === 'keychain') {
    throw new LoginError('keychain_unavailable', `The OS keychain is unavailable: ${probe.reason}`, {
      hint: 'Unlock or start your keychain, or choose --store file (a 0600 file) or --store none.',
    });
  }
  // One line, even with --quiet: otherwise nobody learns that the next command will need a login again.
  notice(
    'No OS keychain answers, so the tokens are kept for this run only ("oauth-login doctor" says why; --store file keeps them in a private file).',
  );
  return new MemoryStore();
}

/** How a store is named to people. */
export function storeLabel(kind: StoreKind): string {
  switch (kind) {
    case 'memory':
      return 'not stored';
    case 'file':
      return 'private file';
    case 'keychain':
      return 'OS keychain';
  }
}
