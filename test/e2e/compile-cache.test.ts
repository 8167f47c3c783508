// bin/ keeps V8's compile cache (Node ≥ 22.1) in the user's own cache folder, never in the shared temporary folder
// Node would default to: cached code from a folder another user can write to would run as this user.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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
