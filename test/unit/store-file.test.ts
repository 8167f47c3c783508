import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  readdirSync,
  renameSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { LoginError } from '../../src/errors.js';
import { FileStore } from '../../src/store/file.js';
import { tempDir } from '../support/tmp.js';

const FILE_TS = new URL('../../src/store/file.ts', import.meta.url).href;
const mode = (path: string) => statSync(path).mode & 0o777;
const tempFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

function fresh(): FileStore {
  return new FileStore(join(tempDir('store-file-'), 'data', 'oauth-login'));
}

async function stored(): Promise<{ store: FileStore; file: string }> {
  const store = fresh();
  await store.set('github:octocat', 'old-value');
  return { store, file: store.pathOf('github:octocat') };
}

const isCode =
  (code: string, ...words: string[]) =>
  (err: unknown) => {
    assert.ok(err instanceof LoginError, `expected a LoginError, got ${String(err)}`);
    assert.equal(err.code, code);
    for (const w of words) assert.match(`${err.message} ${err.hint}`, new RegExp(w));
    assert.doesNotMatch(err.message, /old-value|new-value/, 'a secret leaked into the message');
    return true;
  };

/** Runs a FileStore operation in another node process (tsx loads the TypeScript source). */
function child(code: string, ulimitBlocks?: number) {
  const script = `const { FileStore } = await import(${JSON.stringify(FILE_TS)}); ${code}`;
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  // `ulimit -f` caps the size of files this process may write, so a write fails midway (EFBIG) for any user.
  const [cmd, ...args] = ulimitBlocks ? ['bash', '-c', `ulimit -f ${ulimitBlocks}; exec "$@"`, 'bash', ...node] : node;
  const proc = spawn(cmd as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c) => {
    stdout += c;
  });
  proc.stderr.on('data', (c) => {
    stderr += c;
  });
  const closed = new Promise<{ stdout: string; stderr: string }>((resolve) =>
    proc.once('close', () => resolve({ stdout, stderr })),
  );
  /** Resolves once the child printed `text`; rejects with its stderr if it exits first. */
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => stdout.includes(text) && resolve();
      proc.stdout.on('data', check);
      closed.then(() => reject(new Error(`child exited before printing ${text}: ${stderr}`)));
    });
  return { proc, closed, printed };
}

test('set creates the directories 0700 and the file 0600', async () => {
  const { store, file } = await stored();
  assert.equal(mode(store.dataDir), 0o700);
  assert.equal(mode(store.dir), 0o700);
  assert.equal(mode(file), 0o600);
  assert.equal(await store.get('github:octocat'), 'old-value');
});

test('get before anything is stored is undefined and creates nothing; delete reports what it removed', async () => {
  const store = fresh();
  assert.equal(await store.get('github:octocat'), undefined);
  assert.equal(await store.delete('github:octocat'), false);
  assert.throws(() => statSync(store.dataDir), /ENOENT/);
  await store.set('github:octocat', 'v');
  assert.equal(await store.get('demo:ada'), undefined);
  assert.equal(await store.delete('github:octocat'), true);
  assert.equal(await store.get('github:octocat'), undefined);
});

test('keys map to distinct, safe file names (no path traversal, no case folding)', async () => {
  const store = fresh();
  const keys = ['github:octocat', 'GitHub:Octocat', '../../etc/passwd', 'a/b', '.', ''];
  for (const key of keys) await store.set(key, `value of ${key}`);
  for (const key of keys) assert.equal(await store.get(key), `value of ${key}`);
  assert.equal(readdirSync(store.dir).filter((f) => f.endsWith('.secret')).length, keys.length);
});

test('overwrite replaces the value and leaves no temp file behind', async () => {
  const { store, file } = await stored();
  await store.set('github:octocat', 'new-value');
  assert.equal(await store.get('github:octocat'), 'new-value');
  assert.equal(mode(file), 0o600);
  assert.deepEqual(tempFiles(store.dir), []);
});

test('a write sweeps temp files that killed writers left over an hour ago, not fresh ones', async () => {
  const { store, file } = await stored();
  const old = `${file}.0123456789abcdef.tmp`.replace(/([^/]+)$/, '.$1');
  const young = old.replace('0123', '4567');
  for (const temp of [old, young]) writeFileSync(temp, 'partial', { mode: 0o600 });
  const anHourAgo = new Date(Date.now() - 3600_000);
  utimesSync(old, anHourAgo, anHourAgo);
  await store.set('github:octocat', 'new-value');
  assert.deepEqual(tempFiles(store.dir), [basename(young)]);
});

test('refuses a secret file that is a symbolic link', async () => {
  const { store, file } = await stored();
  const elsewhere = join(store.dataDir, 'elsewhere');
  writeFileSync(elsewhere, 'planted', { mode: 0o600 });
  renameSync(file, `${file}.bak`);
  symlinkSync(elsewhere, file);
  await assert.rejects(store.get('github:octocat'), isCode('store_insecure', 'symbolic link'));
});

test('refuses a secrets directory that is a symbolic link, for reading and writing', async () => {
  const { store } = await stored();
  const real = tempDir('store-elsewhere-');
  chmodSync(real, 0o700);
  renameSync(store.dir, `${store.dir}.bak`);
  symlinkSync(real, store.dir);
  await assert.rejects(store.get('github:octocat'), isCode('store_insecure', 'symbolic link'));
  await assert.rejects(store.set('github:octocat', 'new-value'), isCode('store_insecure', 'symbolic link'));
  assert.deepEqual(readdirSync(real), []);
});

for (const [what, target, bits] of [
  ['a group-readable file', 'file', 0o640],
  ['a world-readable file', 'file', 0o604],
  ['a group-accessible secrets directory', 'dir', 0o750],
  ['a world-accessible data directory', 'data', 0o755],
] as const) {
  test(`refuses ${what} (mode ${bits.toString(8)}) and says how to fix it`, async () => {
    const { store, file } = await stored();
    const path = { file, dir: store.dir, data: store.dataDir }[target];
    chmodSync(path, bits);
    await assert.rejects(store.get('github:octocat'), isCode('store_insecure', 'other users', 'chmod'));
    if (target !== 'file') await assert.rejects(store.set('github:octocat', 'new-value'), isCode('store_insecure'));
  });
}

test('refuses a secret file owned by another user', {
  skip: process.getuid?.() !== 0 && 'needs root to chown',
}, async () => {
  const { store, file } = await stored();
  chownSync(file, 65534, 65534);
  await assert.rejects(store.get('github:octocat'), isCode('store_insecure', 'owned by uid 65534'));
});

test('refuses a FIFO in place of the file without blocking on it', async () => {
  const { store, file } = await stored();
  renameSync(file, `${file}.bak`);
  assert.equal(spawnSync('mkfifo', ['-m', '600', file]).status, 0);
  await assert.rejects(store.get('github:octocat'), isCode('store_insecure', 'not a regular file'));
});

test('SIGKILL in the middle of writing leaves the previous value whole, and the next write recovers the lock', async (t) => {
  const { store } = await stored();
  const pad = 4 * 1024 * 1024; // large enough that a kill usually lands inside a write
  const value = (n: number) => JSON.stringify({ n, pad: 'x'.repeat(pad), end: n });
  await store.set('github:octocat', value(0));
  let interrupted = 0;
  for (let round = 1; round <= 5; round++) {
    const writer = child(`
      const store = new FileStore(${JSON.stringify(store.dataDir)});
      for (let n = ${round * 1000}; ; n++) {
        await store.set('github:octocat', JSON.stringify({ n, pad: 'x'.repeat(${pad}), end: n }));
        if (n === ${round * 1000}) process.stdout.write('ready\\n');
      }`);
    await writer.printed('ready');
    await sleep(10 + Math.random() * 150);
    writer.proc.kill('SIGKILL');
    await writer.closed;
    if (tempFiles(store.dir).length > 0) interrupted++;
    const parsed = JSON.parse((await store.get('github:octocat')) as string);
    assert.equal(parsed.n, parsed.end);
    assert.equal(parsed.pad.length, pad);
    assert.ok(parsed.n >= round * 1000, 'the value is one the killed writer finished');
  }
  t.diagnostic(`rounds with a half-written temp file left behind: ${interrupted}/5`);
  // The killed writer may have died holding the lock. A lock waited out instead of recovered (its pid is gone) would
  // end in store_locked after the 10 s lock timeout; half of that tells the two apart with seconds to spare.
  const started = Date.now();
  await store.set('github:octocat', 'after-the-crash');
  assert.ok(Date.now() - started < 5000, 'a lock left by a dead process is recovered at once');
  assert.equal(await store.get('github:octocat'), 'after-the-crash');
});

test('a write that fails (file size limit, EFBIG) keeps the old value and removes its temp file', async () => {
  const { store } = await stored();
  const writer = child(
    `try { await new FileStore(${JSON.stringify(store.dataDir)}).set('github:octocat', 'n'.repeat(1 << 20)); }
     catch (e) { process.stdout.write(JSON.stringify({ code: e.code, message: e.message, hint: e.hint })); }`,
    64, // blocks of 512 bytes (bash): the 1 MiB value cannot be written
  );
  const { stdout, stderr } = await writer.closed;
  assert.ok(stdout, `the child printed nothing: ${stderr}`);
  const err = JSON.parse(stdout);
  assert.equal(err.code, 'store_write_failed');
  assert.match(err.message, new RegExp(`${store.pathOf('github:octocat')}.*file too large`));
  assert.match(err.hint, /previous value is unchanged/);
  assert.equal(await store.get('github:octocat'), 'old-value');
  assert.deepEqual(tempFiles(store.dir), []);
});

test('a full disk (ENOSPC on a 1 MiB tmpfs) keeps the old value and says "disk full"', async (t) => {
  const mnt = tempDir('store-tmpfs-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    t.skip(`cannot mount a tmpfs here (${mounted.stderr.trim() || 'not root'})`);
    return;
  }
  try {
    const store = new FileStore(join(mnt, 'oauth-login'));
    await store.set('github:octocat', 'old-value');
    await assert.rejects(store.set('github:octocat', 'n'.repeat(2 << 20)), isCode('store_write_failed', 'disk full'));
    assert.equal(await store.get('github:octocat'), 'old-value');
    assert.deepEqual(tempFiles(store.dir), []);
  } finally {
    spawnSync('umount', [mnt]);
  }
});

test('a secrets directory that cannot be created is a clear store_write_failed', async () => {
  const base = tempDir('store-notdir-');
  writeFileSync(join(base, 'data'), 'a file where a directory should be');
  const store = new FileStore(join(base, 'data', 'oauth-login'));
  await assert.rejects(store.set('github:octocat', 'new-value'), isCode('store_write_failed', 'Cannot create'));
});
