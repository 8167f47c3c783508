// bin/ keeps V8's code for dist/ (its own cache of the small bundles on every Node, and Node's compile cache for the
// full CLI on Node ≥ 22.1) in the user's own cache folder, never in the shared temporary folder Node would default to:
// cached code from a folder another user can write to would run as this user.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { BIN } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

function runIn(env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [BIN, 'providers'], { env: { PATH: process.env.PATH, ...env } });
  assert.equal(r.status, 0, String(r.stderr));
}

test(`the compile cache goes to $XDG_CACHE_HOME/oauth-login/compile-cache (Node ${process.version}), nothing to the temporary folder`, () => {
  const [home, cache, tmp] = [tempDir('cc-home-'), tempDir('cc-xdg-'), tempDir('cc-tmp-')];
  runIn({ HOME: home, XDG_CACHE_HOME: cache, TMPDIR: tmp });
  assert.deepEqual(readdirSync(tmp), [], 'nothing in TMPDIR');
  assert.ok(existsSync(join(cache, 'oauth-login', 'compile-cache')));
  assert.deepEqual(readdirSync(home), [], 'nothing in HOME when XDG_CACHE_HOME is set');
});

test('without XDG_CACHE_HOME it is ~/.cache/oauth-login/compile-cache; NODE_DISABLE_COMPILE_CACHE=1 keeps none', () => {
  const [home, tmp] = [tempDir('cc-home-'), tempDir('cc-tmp-')];
  runIn({ HOME: home, TMPDIR: tmp });
  assert.ok(existsSync(join(home, '.cache', 'oauth-login', 'compile-cache')));
  const off = tempDir('cc-home-');
  runIn({ HOME: off, TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.deepEqual([readdirSync(off), readdirSync(tmp)], [[], []]);
});

/** Whether a run left compiled code in the folder: Node writes it there only when the cache is on. */
const holdsCode = (dir: string) => existsSync(dir) && readdirSync(dir).length > 0;

test('a fresh cache folder and its oauth-login folder are made 0700 under umask 002, and the cache is used', () => {
  const [home, tmp] = [tempDir('cc-home-'), tempDir('cc-tmp-')];
  const r = spawnSync('sh', ['-c', 'umask 002; exec "$0" "$1" providers', process.execPath, BIN], {
    env: { PATH: process.env.PATH, HOME: home, TMPDIR: tmp },
  });
  assert.equal(r.status, 0, String(r.stderr));
  const dir = join(home, '.cache', 'oauth-login', 'compile-cache');
  assert.ok(holdsCode(dir), dir);
  for (const d of [dir, dirname(dir)]) assert.equal(statSync(d).mode & 0o777, 0o700, d);
});

test('an existing folder that others may write to, or that another user owns, is not used', () => {
  if (process.getuid?.() !== 0) throw new Error('this test hands a folder to a second user (chown): run it as root');
  const cases: [string, (dir: string) => void][] = [
    ['group-writable', (dir) => chmodSync(dir, 0o775)],
    ['world-writable', (dir) => chmodSync(dir, 0o777)],
    ['its oauth-login folder group-writable', (dir) => chmodSync(dirname(dir), 0o775)],
    ['owned by nobody', (dir) => chownSync(dir, 65534, 65534)],
    ['its oauth-login folder owned by nobody', (dir) => chownSync(dirname(dir), 65534, 65534)],
  ];
  for (const [what, spoil] of cases) {
    const [home, tmp] = [tempDir('cc-home-'), tempDir('cc-tmp-')];
    const dir = join(home, '.cache', 'oauth-login', 'compile-cache');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    spoil(dir);
    runIn({ HOME: home, TMPDIR: tmp });
    assert.deepEqual(readdirSync(dir), [], `${what}: nothing cached`);
    assert.deepEqual(readdirSync(tmp), [], `${what}: nothing in TMPDIR`);
  }
  // The same folder, once it is this user's alone, is used.
  const [home, tmp] = [tempDir('cc-home-'), tempDir('cc-tmp-')];
  const dir = join(home, '.cache', 'oauth-login', 'compile-cache');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  runIn({ HOME: home, TMPDIR: tmp });
  assert.ok(holdsCode(dir), dir);
});

test('a relative HOME (and no XDG_CACHE_HOME) keeps no cache: nothing in the current folder or the temporary one', () => {
  const [cwd, tmp] = [tempDir('cc-cwd-'), tempDir('cc-tmp-')];
  const r = spawnSync(process.execPath, [BIN, 'providers'], {
    cwd,
    env: { PATH: process.env.PATH, HOME: 'home', TMPDIR: tmp },
  });
  assert.equal(r.status, 0, String(r.stderr));
  assert.deepEqual([readdirSync(cwd), readdirSync(tmp)], [[], []]);
});

/** The bundles' cached code in `dir`: name → [inode, mtime]. */
function bundleCode(dir: string): Map<string, [number, number]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.v8'));
  return new Map(files.map((f) => [f, [statSync(join(dir, f)).ino, statSync(join(dir, f)).mtimeMs]]));
}

function runBoth(home: string) {
  for (const args of [['providers'], ['--version']]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, HOME: home } });
    assert.equal(r.status, 0, String(r.stderr));
  }
}

test("each small bundle's code is written after its first run, once, and read from then on", () => {
  const home = tempDir('cc-home-');
  const dir = join(home, '.cache', 'oauth-login', 'compile-cache');
  runBoth(home);
  const first = bundleCode(dir);
  const runtime = `${process.version}-${process.arch}-`;
  assert.deepEqual([...first.keys()].map((f) => f.slice(0, f.indexOf(runtime) + runtime.length)).sort(), [
    `fast-local-${runtime}`,
    `fast-${runtime}`,
  ]);
  for (const f of first.keys()) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
  runBoth(home);
  assert.deepEqual(bundleCode(dir), first, 'not written again');
});

test('a run that uses a part of the bundle its cached code lacks writes the code again, holding both', () => {
  const home = tempDir('cc-home-');
  const dir = join(home, '.cache', 'oauth-login', 'compile-cache');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, HOME: home } });
  assert.equal(run('--version').status, 0);
  const [fast] = [...bundleCode(dir).keys()].filter((f) => f.startsWith('fast-v'));
  assert.ok(fast);
  const parts = () => readFileSync(join(dir, fast), 'latin1').split('\n', 1)[0];
  assert.equal(parts(), '--version');
  const first = bundleCode(dir).get(fast);
  assert.equal(run('token', 'nothing-stored').status, 4, 'not logged in');
  assert.equal(parts(), '--version token');
  assert.notDeepEqual(bundleCode(dir).get(fast), first, 'written again');
  const second = bundleCode(dir).get(fast);
  assert.equal(run('--version').status, 0);
  assert.equal(run('token', 'nothing-stored').status, 4);
  assert.deepEqual(bundleCode(dir).get(fast), second, 'nothing new: not written');
});

test("code that V8 refuses is replaced; an older build's code for this runtime is removed, another runtime's kept", () => {
  const home = tempDir('cc-home-');
  const dir = join(home, '.cache', 'oauth-login', 'compile-cache');
  runBoth(home);
  const [fast] = [...bundleCode(dir).keys()].filter((f) => f.startsWith('fast-v'));
  assert.ok(fast);
  writeFileSync(join(dir, fast), '--version\nnot V8 code');
  utimesSync(join(dir, fast), 0, 0);
  const older = `fast-${process.version}-${process.arch}-1-2-3.v8`;
  const otherRuntime = 'fast-v0.0.0-x64-1-2-3.v8';
  for (const f of [older, otherRuntime]) writeFileSync(join(dir, f), 'x');
  const r = spawnSync(process.execPath, [BIN, '--version'], { env: { PATH: process.env.PATH, HOME: home } });
  assert.equal(r.status, 0, String(r.stderr));
  assert.match(String(r.stdout), /^\d+\.\d+\.\d+/);
  const after = bundleCode(dir);
  assert.ok((after.get(fast)?.[1] ?? 0) > 0, 'the refused code was written anew');
  assert.ok(!after.has(older), 'the older build is gone');
  assert.ok(after.has(otherRuntime), "another runtime's code is kept");
});

test("cached code another user owns, or others may write to, is never run: it is replaced by this user's own", () => {
  if (process.getuid?.() !== 0) throw new Error('this test hands a file to a second user (chown): run it as root');
  for (const [what, spoil] of [
    ['owned by nobody', (file: string) => chownSync(file, 65534, 65534)],
    ['group-writable', (file: string) => chmodSync(file, 0o660)],
    ['world-writable', (file: string) => chmodSync(file, 0o606)],
  ] as const) {
    const home = tempDir('cc-home-');
    const dir = join(home, '.cache', 'oauth-login', 'compile-cache');
    runBoth(home);
    const [fast] = [...bundleCode(dir).keys()].filter((f) => f.startsWith('fast-v'));
    assert.ok(fast);
    // V8 would accept this code (it is this build's): only the check on the file keeps it from running.
    spoil(join(dir, fast));
    runBoth(home);
    const s = statSync(join(dir, fast));
    assert.deepEqual([s.uid, s.mode & 0o777], [process.getuid?.(), 0o600], `${what}: written anew by this user`);
  }
});

test("a link left at the cached code's name is replaced, never written through", () => {
  const home = tempDir('cc-home-');
  const dir = join(home, '.cache', 'oauth-login', 'compile-cache');
  runBoth(home);
  const [fast] = [...bundleCode(dir).keys()].filter((f) => f.startsWith('fast-v'));
  assert.ok(fast);
  const victim = join(tempDir('cc-victim-'), 'file');
  writeFileSync(victim, 'not to be touched', { mode: 0o600 });
  rmSync(join(dir, fast));
  symlinkSync(victim, join(dir, fast));
  runBoth(home);
  assert.equal(readFileSync(victim, 'utf8'), 'not to be touched');
  assert.ok(lstatSync(join(dir, fast)).isFile(), 'the link was replaced by a file');
});
