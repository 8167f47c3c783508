import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LoginError } from '../errors.js';
import { crypto } from './lazy-builtin.js';

// Owner and mode checks only mean something on POSIX; on Windows the user profile's ACLs protect these files.
const POSIX = process.platform !== 'win32';
// O_NOFOLLOW makes open() fail on a symlink instead of following it to wherever an attacker pointed it.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
// O_NONBLOCK so that a FIFO planted in place of a file cannot block open() forever; no effect on regular files.
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Short, human words for the errno values a person can act on. Never includes file contents. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOSPC: 'disk full',
    EDQUOT: 'disk quota exceeded',
    EFBIG: 'file too large for this file system or process limit',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    EIO: 'input/output error',
    ENOTDIR: 'a parent is not a directory',
    EEXIST: 'a file is in the way',
    ENOENT: 'no such file or directory',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  return code ?? (err instanceof Error ? err.message : String(err));
}

function insecure(path: string, why: string, hint: string): LoginError {
  return new LoginError('store_insecure', `Refusing to use ${path}: it ${why}.`, { hint });
}

/** The checks shared by directories and files: ours, and nobody else may read or write it. */
function checkOwnerAndMode(path: string, st: Stats, fix: string): void {
  if (!POSIX) return;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw insecure(path, `is owned by uid ${st.uid}, not by you (uid ${uid})`, `Remove it or fix its owner: ${fix}`);
  }
  if ((st.mode & 0o077) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
    throw insecure(path, `can be accessed by other users (mode ${mode})`, `Fix it with: ${fix}`);
  }
}

/** Checks an existing private directory; false when it does not exist (nothing stored yet). */
export function checkPrivateDir(dir: string): boolean {
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new LoginError('store_read_failed', `Cannot inspect ${dir}: ${describeFsError(err)}.`, { cause: err });
  }
  // lstat, not stat: a symlinked directory could point into a place another user controls.
  if (st.isSymbolicLink()) throw insecure(dir, 'is a symbolic link', `Replace it with a real directory (mode 700).`);
  if (!st.isDirectory()) throw insecure(dir, 'is not a directory', 'Move it out of the way.');
  checkOwnerAndMode(dir, st, `chmod 700 '${dir}'`);
  return true;
}

/** Creates `dir` with mode 0700 (its parents with the usual mode) and checks it is really private. */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dirname(dir), { recursive: true });
    try {
      mkdirSync(dir, { mode: 0o700 }); // not recursive: only this one gets 0700, and EEXIST tells us it was there
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  } catch (err) {
    throw new LoginError('store_write_failed', `Cannot create the directory ${dir}: ${describeFsError(err)}.`, {
      hint: 'Check the permissions of its parent directories, or set XDG_DATA_HOME to a writable place.',
      cause: err,
    });
  }
  checkPrivateDir(dir);
}

/** Reads a private file; undefined when it does not exist. Refuses symlinks, non-files and files others can reach. */
export function readPrivateFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // Linux says ELOOP for O_NOFOLLOW on a symlink; FreeBSD says EMLINK.
    if (code === 'ELOOP' || code === 'EMLINK')
      throw insecure(path, 'is a symbolic link', 'Remove it and log in again.');
    throw new LoginError('store_read_failed', `Cannot read ${path}: ${describeFsError(err)}.`, { cause: err });
  }
  try {
    // fstat on the open descriptor: the checks apply to exactly what we read, with no race against a rename.
    const st = fstatSync(fd);
    if (!st.isFile()) throw insecure(path, 'is not a regular file', 'Remove it and log in again.');
    checkOwnerAndMode(path, st, `chmod 600 '${path}'`);
    return readFileSync(fd, 'utf8');
  } catch (err) {
    if (err instanceof LoginError) throw err;
    throw new LoginError('store_read_failed', `Cannot read ${path}: ${describeFsError(err)}.`, { cause: err });
  } finally {
    closeSync(fd);
  }
}

/** fsync of the directory makes a rename or unlink in it survive a power cut, not only a crash of this process. */
export function fsyncDir(dir: string): void {
  if (!POSIX) return; // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` with `data` so that, after a crash at any moment, the file holds either the old or the new
 * content: a 0600 temp file in the same directory (rename is atomic only within one file system), written and
 * fsynced, then renamed over the target. On failure the temp file is removed and the old content stays.
 */
export function writeFileAtomic(path: string, data: string): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${crypto().randomBytes(8).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    // wx (O_EXCL) + O_NOFOLLOW: never write through something that was already there.
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
    fsyncDir(dir);
  } catch (err) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temp);
    throw new LoginError('store_write_failed', `Could not save ${path}: ${describeFsError(err)}.`, {
      hint: 'The previous value is unchanged. Free some space or fix the permissions, then try again.',
      cause: err,
    });
  }
  sweepTemps(path);
}

/**
 * A writer killed mid-write leaves its temp file: a partial secret, private but useless. Remove those of this
 * target once they are old enough that no live writer can still be filling them.
 */
function sweepTemps(path: string, olderThanMs = 60_000): void {
  const prefix = `.${basename(path)}.`;
  try {
    for (const name of readdirSync(dirname(path))) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const temp = join(dirname(path), name);
      if (Date.now() - lstatSync(temp).mtimeMs > olderThanMs) removeQuietly(temp);
    }
  } catch {
    // housekeeping only: the value itself is already saved
  }
}

/** Deletes a file; true when it existed. */
export function removeFile(path: string): boolean {
  try {
    unlinkSync(path);
    fsyncDir(dirname(path));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new LoginError('store_write_failed', `Could not delete ${path}: ${describeFsError(err)}.`, { cause: err });
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already failing: the first error is the one worth reporting
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // ENOENT when the temp file was never created or was already renamed
  }
}
