import { join } from 'node:path';
import { checkPrivateDir, ensurePrivateDir, readPrivateFile, removeFile, writeFileAtomic } from './atomic.js';
import { crypto } from './lazy-builtin.js';
import { withLock } from './lock.js';
import type { SecretStore } from './types.js';

/**
 * Secrets as files: `<dataDir>/secrets/<sha256 of the key>.secret`, mode 0600, in 0700 directories.
 * For machines without a usable keychain (servers, containers, CI). Plain files: the protection is the Unix
 * permissions, which is why every read checks them and refuses anything another user could have touched.
 */
export class FileStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly dir: string;

  constructor(readonly dataDir: string) {
    this.dir = join(dataDir, 'secrets');
  }

  /**
   * Hex of the key, not the key itself: keys hold ':' and user-chosen names, which could contain '/' or '..' or
   * collide on case-insensitive file systems (macOS). Hex needs no crypto (the hot path stays light); a key too long
   * for the 255-byte name limit is hashed instead.
   */
  pathOf(key: string): string {
    const hex = Buffer.from(key, 'utf8').toString('hex');
    const name = hex.length <= 200 ? hex : `sha256-${crypto().createHash('sha256').update(key, 'utf8').digest('hex')}`;
    return join(this.dir, `${name}.secret`);
  }

  async get(key: string): Promise<string | undefined> {
    // Nothing stored yet is not an error; a directory someone else could write to is.
    if (!checkPrivateDir(this.dataDir) || !checkPrivateDir(this.dir)) return undefined;
    return readPrivateFile(this.pathOf(key));
  }

  async set(key: string, value: string): Promise<void> {
    this.prepare();
    // The write itself is atomic; the lock orders concurrent logins so the last to finish wins, not a mix of steps.
    await withLock(this.lockPath, () => writeFileAtomic(this.pathOf(key), value));
  }

  async delete(key: string): Promise<boolean> {
    if (!checkPrivateDir(this.dataDir) || !checkPrivateDir(this.dir)) return false;
    return withLock(this.lockPath, () => removeFile(this.pathOf(key)));
  }

  private get lockPath(): string {
    return join(this.dir, '.lock');
  }

  /** Creates the directories, or refuses ones another user could reach: before a sign-in, not after it. */
  prepare(): void {
    // The data dir too: the token index another module keeps there is as private as the tokens.
    ensurePrivateDir(this.dataDir);
    ensurePrivateDir(this.dir);
  }
}
