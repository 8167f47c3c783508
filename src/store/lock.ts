import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { LoginError } from '../errors.js';
import { describeFsError } from './atomic.js';
import { crypto } from './lazy-builtin.js';

export interface LockOptions {
  /** Give up with `store_locked` after this long. */
  timeoutMs?: number;
  /** A lock older than this is abandoned even if its pid is alive (pids get reused; a holder may be stuck). */
  staleMs?: number;
}

interface Owner {
  pid: number;
  time: number;
  token: string;
}

/**
 * Runs `fn` while holding a cross-process lock: the file `path`, created with O_EXCL so only one process can own it.
 * The lock protects read-modify-write cycles: the login index (index-file.ts), and a refresh that reads, renews and
 * stores one login's tokens (commands/token.ts), so processes starting together make one refresh. The file store also
 * takes it around each write so concurrent logins end in a clear order; each write on its own is already atomic.
 */
export async function withLock<T>(path: string, fn: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  const { timeoutMs = 10_000, staleMs = 30_000 } = options;
  // The token tells our lock from a later one: after we were judged stale, the file may belong to someone else.
  const token = crypto().randomBytes(8).toString('hex');
  const deadline = Date.now() + timeoutMs;
  while (!tryCreate(path, token)) {
    if (isStale(path, staleMs) && breakStale(path, staleMs, token)) continue;
    if (Date.now() >= deadline) {
      throw new LoginError('store_locked', `Another oauth-login process holds the lock ${path}.`, {
        hint: `Wait for it to finish. If no other oauth-login is running, delete ${path} and try again.`,
      });
    }
    // Jitter, so that waiters woken together do not keep colliding.
    await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 25));
  }
  try {
    return await fn();
  } finally {
    release(path, token);
  }
}

function tryCreate(path: string, token: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LoginError('store_write_failed', `Cannot create the lock ${path}: ${describeFsError(err)}.`, {
      cause: err,
    });
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, time: Date.now(), token } satisfies Owner));
  } catch (err) {
    unlinkQuietly(path);
    throw new LoginError('store_write_failed', `Cannot write the lock ${path}: ${describeFsError(err)}.`, {
      cause: err,
    });
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOwner(path: string): { owner: Owner | undefined; mtime: number } | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const mtime = statSync(path).mtimeMs;
    try {
      const owner = JSON.parse(text) as Owner;
      return { owner: Number.isInteger(owner.pid) && typeof owner.time === 'number' ? owner : undefined, mtime };
    } catch {
      return { owner: undefined, mtime };
    }
  } catch {
    return undefined; // gone: the holder released it
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to another user
  }
}

/**
 * Creating the file and writing the owner are two steps, microseconds apart: a file without an owner is a lock being
 * taken right now, unless it is older than this, when its creator died in between (a SIGKILL can land there).
 */
const OWNERLESS_STALE_MS = 1000;

function isStale(path: string, staleMs: number): boolean {
  const found = readOwner(path);
  if (!found) return false;
  if (!found.owner) return Date.now() - found.mtime > Math.min(staleMs, OWNERLESS_STALE_MS);
  return Date.now() - found.owner.time > staleMs || !isAlive(found.owner.pid);
}

/**
 * Removes a stale lock under a second, short-lived lock: two waiters may both judge the same lock stale, and without
 * the guard the slower one would delete the fresh lock the faster one just created. Under the guard we check again.
 */
function breakStale(path: string, staleMs: number, token: string): boolean {
  const guard = `${path}.break`;
  if (!tryCreate(guard, token)) {
    // Breaking takes microseconds; a guard older than a second was left by a process that died while breaking.
    const found = readOwner(guard);
    if (found && Date.now() - found.mtime > 1000) unlinkQuietly(guard);
    return false;
  }
  try {
    if (!isStale(path, staleMs)) return false;
    unlinkQuietly(path);
    return true;
  } finally {
    unlinkQuietly(guard);
  }
}

/** Only removes the lock if it is still ours. Never throws: a lock we fail to remove becomes stale when we exit. */
function release(path: string, token: string): void {
  if (readOwner(path)?.owner?.token === token) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // ENOENT: already gone, which is what we wanted
  }
}
