#!/usr/bin/env node
// CommonJS on purpose (see bin/package.json): the hot path must not pay for the ES module loader.
// dist/fast.cjs answers `token` with a fresh stored token and `--version`, dist/fast-local.cjs plain `--help`,
// `providers` and `status`; whatever they leave (undefined) goes to the full CLI.
const { enableCompileCache } = require('node:module');
if (enableCompileCache && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  // Node ≥ 22.1 keeps V8's compiled code of dist/ between runs (≈0.5 ms off `token`, 2–4 ms off the full CLI). In
  // this user's own cache folder, not the shared temporary folder Node defaults to: another user could plant code
  // there. NODE_COMPILE_CACHE still chooses the folder, NODE_DISABLE_COMPILE_CACHE=1 turns it off. An optimisation
  // only: a home that cannot be found or written just goes without (Node itself never throws here).
  try {
    const dir = process.env.NODE_COMPILE_CACHE || compileCacheDir();
    if (dir) enableCompileCache(dir);
  } catch {}
}

/**
 * $XDG_CACHE_HOME/oauth-login/compile-cache (else under an absolute $HOME: a relative one would mean the current
 * folder), made 0700 when missing; undefined, so no cache, unless it and its oauth-login folder are directories of
 * this user that nobody else may write to (code planted there would run as this user). Two lstats per start.
 */
function compileCacheDir() {
  const { lstatSync, mkdirSync } = require('node:fs');
  const { dirname, isAbsolute, join } = require('node:path');
  const { XDG_CACHE_HOME: xdg, HOME } = process.env;
  const home = HOME || require('node:os').homedir();
  const base = xdg && isAbsolute(xdg) ? xdg : isAbsolute(home) ? join(home, '.cache') : undefined;
  if (!base) return undefined;
  const dir = join(base, 'oauth-login', 'compile-cache');
  const uid = process.getuid?.();
  // Windows has neither owners nor modes here: the folder is in the user's own profile.
  const safe = (path) => {
    const s = lstatSync(path);
    return s.isDirectory() && (uid === undefined || (s.uid === uid && (s.mode & 0o022) === 0));
  };
  let own;
  try {
    own = safe(dir);
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    own = safe(dir);
  }
  return own && safe(dirname(dir)) ? dir : undefined;
}

const args = process.argv.slice(2);
const local = ['--help', '-h', 'providers', 'status'].includes(args[0]);
require(local ? '../dist/fast-local.cjs' : '../dist/fast.cjs')
  .run(args)
  .then((code) => (code === undefined ? import('../dist/cli.js') : process.exit(code)));
