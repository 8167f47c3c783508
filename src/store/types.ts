import type { StoreKind } from '../kinds.js';

/**
 * Where secrets live. A secret is an opaque string (the JSON of a SecretBlob, logins/sessions.ts: the tokens, and
 * the client secret when one is kept) under a key like "github:octocat".
 * Implementations: keychain.ts (OS keychain), file.ts (0600 files, atomic), memory.ts (this run only).
 * Every method either finishes or fails with a LoginError within a bounded time: none may hang.
 */
export type { StoreKind };

export interface SecretStore {
  readonly kind: StoreKind;
  get(key: string): Promise<string | undefined>;
  /** Atomic: after a crash at any point, `get` returns either the old or the new value, never a mix or nothing. */
  set(key: string, value: string): Promise<void>;
  /** Resolves true when something was deleted. */
  delete(key: string): Promise<boolean>;
}
