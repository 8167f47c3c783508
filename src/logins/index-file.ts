import { join } from 'node:path';
import { LoginError } from '../errors.js';
import { ensurePrivateDir, readPrivateFile, writeFileAtomic } from '../store/atomic.js';
import { withLock } from '../store/lock.js';
import { isOneOf, STORE_KINDS } from '../kinds.js';
import type { LoginIndex, MachineLogin, StoredLogin } from './types.js';

const empty = (): LoginIndex => ({ version: 1, defaults: {}, logins: {} });

/**
 * An index entry as this version reads it, or undefined when it cannot be read. Entries written before logins had a
 * kind get theirs from what they recorded then: `protocol: "oauth1"`, `flow: "client-credentials"`, else a person.
 */
function storedLogin(v: unknown): StoredLogin | undefined {
  const e = v as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null) return undefined;
  const base = typeof e.provider === 'string' && typeof e.account === 'string' && typeof e.client_id === 'string';
  if (!base || typeof e.token_endpoint !== 'string' || !isOneOf(STORE_KINDS, e.store)) return undefined;
  const kind = e.kind ?? (e.protocol === 'oauth1' ? 'oauth1' : e.flow === 'client-credentials' ? 'machine' : 'person');
  const { protocol: _protocol, ...rest } = e;
  switch (kind) {
    case 'machine': {
      const { profile: _profile, ...machine } = rest;
      const grant = (e.grant as MachineLogin['grant']) ?? {};
      const flow = e.flow === 'token-exchange' ? 'token-exchange' : 'client-credentials';
      return { ...machine, kind, flow, grant } as MachineLogin;
    }
    case 'person':
    case 'oauth1': {
      const profile = e.profile as { id?: unknown } | undefined;
      if (typeof profile?.id !== 'string') return undefined;
      if (kind === 'oauth1') return { ...rest, kind } as StoredLogin;
      return { ...rest, kind, flow: e.flow === 'device' ? 'device' : 'auth-code' } as StoredLogin;
    }
    default:
      return undefined;
  }
}

interface Parsed {
  index: LoginIndex;
  /** Entries this version cannot read: kept as they are when the index is rewritten. */
  unreadable: Record<string, unknown>;
  /** The file exists but is not a JSON object. */
  damaged: boolean;
}

function parseIndex(text: string | undefined): Parsed {
  const parsed: Parsed = { index: empty(), unreadable: {}, damaged: false };
  if (text === undefined) return parsed;
  let json: Partial<LoginIndex>;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...parsed, damaged: true };
  }
  if (json === null || typeof json !== 'object') return { ...parsed, damaged: true };
  for (const [key, entry] of Object.entries(json.logins ?? {})) {
    const login = storedLogin(entry);
    if (login) parsed.index.logins[key] = login;
    else parsed.unreadable[key] = entry;
  }
  for (const [provider, account] of Object.entries(json.defaults ?? {})) {
    if (typeof account === 'string') parsed.index.defaults[provider] = account;
  }
  return parsed;
}

/**
 * The plain metadata index (`index.json`, 0600): which logins exist, where their secrets are, and nothing secret.
 * For reading, a damaged entry is left out (it reads as "needs login") and a damaged file reads as empty.
 */
export function readIndex(dir: string): LoginIndex {
  return parseIndex(readPrivateFile(join(dir, 'index.json'))).index;
}

/**
 * Read-modify-write under the index lock, so concurrent logins and refreshes never lose each other's entries.
 * A damaged file is never overwritten (other logins would be lost with it), and unreadable entries are kept.
 */
export async function updateIndex(dir: string, change: (index: LoginIndex) => void): Promise<LoginIndex> {
  ensurePrivateDir(dir);
  const path = join(dir, 'index.json');
  return withLock(join(dir, 'index.lock'), async () => {
    const { index, unreadable, damaged } = parseIndex(readPrivateFile(path));
    if (damaged) {
      throw new LoginError('index_damaged', `The login index ${path} is not valid JSON, so it was not changed.`, {
        hint: `Move it away (stored logins are then forgotten, not revoked) and sign in again.`,
      });
    }
    change(index);
    writeFileAtomic(path, `${JSON.stringify({ ...index, logins: { ...unreadable, ...index.logins } }, null, 2)}\n`);
    return index;
  });
}
