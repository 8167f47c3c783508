import type { SecretStore } from './types.js';

/**
 * For `--store none`, and for `--store auto` when the keychain is unavailable: tokens live as long as this process,
 * so nothing is ever written anywhere.
 */
export class MemoryStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.values.delete(key);
  }
}
