// bin/ keeps V8's compile cache (Node ≥ 22.1) in the user's own cache folder, never in the shared temporary folder
// Node would default to: cached code from a folder another user can write to would run as this user.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { BIN } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const hasCompileCache = typeof createRequire(import.meta.url)('node:module').enableCompileCache === 'function';

function runIn(env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [BIN, 'providers'], { env: { PATH: process.env.PATH, ...env } });
  assert.equal(r.status, 0, String(r.stderr));
}

test(`the compile cache goes to $XDG_CACHE_HOME/oauth-login/compile-cache (Node ${process.version}: ${hasCompileCache ? 'has' : 'has no'} compile cache), nothing to the temporary folder`, () => {
  const [home, cache, tmp] = [tempDir('cc-home-'), tempDir('cc-xdg-'), tempDir('cc-tmp-')];
  runIn({ HOME: home, XDG_CACHE_HOME: cache, TMPDIR: tmp });
  assert.deepEqual(readdirSync(tmp), [], 'nothing in TMPDIR');
  assert.equal(existsSync(join(cache, 'oauth-login', 'compile-cache')), hasCompileCache);
  assert.deepEqual(readdirSync(home), [], 'nothing in HOME when XDG_CACHE_HOME is set');
});

test('without XDG_CACHE_HOME it is ~/.cache/oauth-login/compile-cache; NODE_DISABLE_COMPILE_CACHE=1 keeps none', () => {
  const [home, tmp] = [tempDir('cc-home-'), tempDir('cc-tmp-')];
  runIn({ HOME: home, TMPDIR: tmp });
  assert.equal(existsSync(join(home, '.cache', 'oauth-login', 'compile-cache')), hasCompileCache);
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
  assert.equal(holdsCode(dir), hasCompileCache);
  if (hasCompileCache) for (const d of [dir, dirname(dir)]) assert.equal(statSync(d).mode & 0o777, 0o700, d);
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
  // The same folder, once it is this user's alone, is used (when this Node has the cache).
  const [home, tmp] = [tempDir('cc-home-'), tempDir('cc-tmp-')];
  const dir = join(home, '.cache', 'oauth-login', 'compile-cache');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  runIn({ HOME: home, TMPDIR: tmp });
  assert.equal(holdsCode(dir), hasCompileCache);
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
