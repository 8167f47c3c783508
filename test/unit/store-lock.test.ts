import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LoginError } from '../../src/errors.js';
import { withLock } from '../../src/store/lock.js';
import { tempDir } from '../support/tmp.js';

const LOCK_TS = new URL('../../src/store/lock.ts', import.meta.url).href;
const scratch = () => tempDir('store-lock-');

/** A pid that certainly belongs to no process any more: a child that has already exited. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(done.stdout.trim());
}

test('20 processes incrementing one counter under the lock end at exactly 20', async () => {
  const dir = scratch();
  const counter = join(dir, 'counter');
  const go = join(dir, 'go');
  writeFileSync(counter, '0');
  // Each child waits for the go file so they all contend at once, and leaves a gap between read and write
  // that would lose updates without the lock.
  const script = `
    import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
    const { withLock } = await import(${JSON.stringify(LOCK_TS)});
    process.stdout.write('ready');
    while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 5));
    await withLock(${JSON.stringify(join(dir, '.lock'))}, async () => {
      const n = Number(readFileSync(${JSON.stringify(counter)}, 'utf8'));
      await new Promise((r) => setTimeout(r, 5));
      writeFileSync(${JSON.stringify(counter)}, String(n + 1));
    });`;
  const children = Array.from({ length: 20 }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ready = new Promise((resolve) => child.stdout.once('data', resolve));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    return { ready, exited };
  });
  await Promise.all(children.map((c) => c.ready));
  writeFileSync(go, '');
  const codes = await Promise.all(children.map((c) => c.exited));
  assert.deepEqual(codes, Array(20).fill(0));
  assert.equal(readFileSync(counter, 'utf8'), '20');
  assert.equal(existsSync(join(dir, '.lock')), false, 'the last holder released the lock');
});

test('a lock left by a dead process is recovered at once', async () => {
  const lock = join(scratch(), '.lock');
  writeFileSync(lock, JSON.stringify({ pid: deadPid(), time: Date.now(), token: 'gone' }));
  // No time to wait at all: with a zero timeout, only a lock broken on the first look lets fn run.
  assert.equal(await withLock(lock, () => 'ran', { timeoutMs: 0 }), 'ran');
  assert.equal(existsSync(lock), false);
});

test('a lock older than staleMs is recovered even if its pid is alive', async () => {
  const lock = join(scratch(), '.lock');
  writeFileSync(lock, JSON.stringify({ pid: process.pid, time: Date.now() - 5000, token: 'stuck' }));
  assert.equal(await withLock(lock, () => 'ran', { staleMs: 1000 }), 'ran');
});

test('a live lock makes us wait, then fail with store_locked naming the file; the lock is left alone', async () => {
  const lock = join(scratch(), '.lock');
  const held = JSON.stringify({ pid: process.pid, time: Date.now(), token: 'theirs' });
  writeFileSync(lock, held);
  const started = Date.now();
  await assert.rejects(
    withLock(lock, () => 'ran', { timeoutMs: 300 }),
    (err: unknown) => {
      assert.ok(err instanceof LoginError);
      assert.equal(err.code, 'store_locked');
      assert.ok(err.message.includes(lock));
      assert.match(String(err.hint), /delete/);
      return true;
    },
  );
  assert.ok(Date.now() - started >= 300);
  assert.equal(readFileSync(lock, 'utf8'), held);
});

test('an empty lock file (being created right now) is not broken while it is young', async () => {
  const lock = join(scratch(), '.lock');
  writeFileSync(lock, '');
  await assert.rejects(
    withLock(lock, () => 'ran', { timeoutMs: 200 }),
    { code: 'store_locked' },
  );
});

test('an empty lock file left by a process killed before it wrote its owner is recovered after a second', async () => {
  const lock = join(scratch(), '.lock');
  writeFileSync(lock, '');
  const twoSecondsAgo = new Date(Date.now() - 2000);
  utimesSync(lock, twoSecondsAgo, twoSecondsAgo);
  // Not after staleMs (30 s by default, longer than the 10 s lock timeout): at once, without waiting at all.
  assert.equal(await withLock(lock, () => 'ran', { timeoutMs: 0 }), 'ran');
  assert.equal(existsSync(lock), false);
});

test('the lock is released when fn throws, and the error comes through', async () => {
  const lock = join(scratch(), '.lock');
  await assert.rejects(
    withLock(lock, () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal(existsSync(lock), false);
  assert.equal(await withLock(lock, async () => 42), 42);
});

test('a lock we lost (judged stale and taken over) is not removed by us on release', async () => {
  const lock = join(scratch(), '.lock');
  const theirs = JSON.stringify({ pid: process.pid, time: Date.now(), token: 'theirs' });
  await withLock(lock, () => writeFileSync(lock, theirs));
  assert.equal(readFileSync(lock, 'utf8'), theirs);
});
