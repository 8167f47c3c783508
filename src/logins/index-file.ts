import { join } from 'node:path';
import { ensurePrivateDir, readPrivateFile, writeFileAtomic } from '../store/atomic.js';
import { withLock } from '../store/lock.js';
import type { LoginEntry, LoginIndex } from './types.js';

const empty = (): LoginIndex => ({ version: 1, defaults: {}, logins: {} });

function isEntry(v: unknown): v is LoginEntry {
  const e = v as LoginEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.provider === 'string' &&
    typeof e.account === 'string' &&
    typeof e.client_id === 'string' &&
    typeof e.token_endpoint === 'string' &&
    ['keychain', 'file', 'memory'].includes(e.store)
  );
}

/**
 * The plain metadata index (`index.json`, 0600): which logins exist, where their secrets are, and nothing secret.
 * A damaged entry is dropped (it reads as "needs login"); a damaged file reads as empty rather than crashing.
 */
export function readIndex(dir: string): LoginIndex {
  const text = readPrivateFile(join(dir, 'index.json'));
  if (text === undefined) return empty();
  let json: Partial<LoginIndex>;
  try {
    json = JSON.parse(text);
  } catch {
    return empty();
  }
  const index = empty();
  for (const [key, entry] of Object.entries(json.logins ?? {})) if (isEntry(entry)) index.logins[key] = entry;
  for (const [provider, account] of Object.entries(json.defaults ?? {})) {
    if (typeof account === 'string') index.defaults[provider] = account;
  }
  return index;
}

/** Read-modify-write under the index lock, so concurrent logins and refreshes never lose each other's entries. */
export async function updateIndex(dir: string, change: (index: LoginIndex) => void): Promise<LoginIndex> {
  ensurePrivateDir(dir);
  return withLock(join(dir, 'index.lock'), async () => {
    const index = readIndex(dir);
    change(index);
    writeFileAtomic(join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
    return index;
  });
}
