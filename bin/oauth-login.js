#!/usr/bin/env node
// CommonJS on purpose (see bin/package.json): the hot path must not pay for the ES module loader.
// dist/fast.cjs answers `token` with a fresh stored token and `--version`, dist/fast-local.cjs plain `--help`,
// `providers` and `status`; whatever they leave (undefined) goes to the full CLI.
const { closeSync, fstatSync, openSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/**
 * The folder for compiled code: $NODE_COMPILE_CACHE, else $XDG_CACHE_HOME/oauth-login/compile-cache (else under an
 * absolute $HOME: a relative one would mean the current folder), made 0700 when missing; undefined, so no cache,
 * with NODE_DISABLE_COMPILE_CACHE, or unless it and its oauth-login folder are directories of this user that nobody
 * else may write to (code planted there would run as this user). Never the shared temporary folder Node defaults to.
 * Two lstats per start. An optimisation only: a home that cannot be found or written just goes without.
 */
function compileCacheDir() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (process.env.NODE_COMPILE_CACHE) return process.env.NODE_COMPILE_CACHE;
  const { lstatSync, mkdirSync } = require('node:fs');
  const { isAbsolute } = require('node:path');
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
  try {
    let own;
    try {
      own = safe(dir);
    } catch {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      own = safe(dir);
    }
    return own && safe(dirname(dir)) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs a dist/ bundle as CommonJS, from V8's code for it when `dir` holds some. Why not Node's own compile cache
 * (Node ≥ 22.1): it keeps only what was compiled before the bundle ran, so every function the command calls is still
 * compiled on every run (≈1 ms on Node 24, ≈2.5 ms on Node 20, which has no compile cache at all). This cache is
 * written after the command has run, holding those functions too, once per bundle build and Node version (keyed by
 * the file's size, mtime and inode: V8 checks only the source's length).
 */
function loadBundle(name, dir) {
  const file = join(__dirname, '..', 'dist', `${name}.cjs`);
  const fd = openSync(file, 'r');
  const { size, mtimeMs, ino } = fstatSync(fd);
  const source = readFileSync(fd, 'utf8');
  closeSync(fd);
  const runtime = `${name}-${process.version}-${process.arch}-`;
  const key = `${runtime}${size}-${Math.round(mtimeMs)}-${ino}.v8`;
  const cacheFile = dir && join(dir, key);
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {}
  const { Script } = require('node:vm');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require('node:module').createRequire(file), mod, file, dirname(file));
  const save = () => {
    if (cacheFile && (!cachedData || script.cachedDataRejected)) saveCode(dir, runtime, key, script.createCachedData());
  };
  return { run: mod.exports.run, save };
}

/** Written whole (a temporary file renamed); older builds' code for this bundle on this runtime is removed. */
function saveCode(dir, runtime, key, code) {
  const { readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
  try {
    const temporary = join(dir, `.${key}.${process.pid}`);
    writeFileSync(temporary, code, { mode: 0o600 });
    renameSync(temporary, join(dir, key));
    for (const old of readdirSync(dir)) {
      if (old.startsWith(runtime) && old.endsWith('.v8') && old !== key) rmSync(join(dir, old), { force: true });
    }
  } catch {}
}

const args = process.argv.slice(2);
const dir = compileCacheDir();
const bundle = loadBundle(['--help', '-h', 'providers', 'status'].includes(args[0]) ? 'fast-local' : 'fast', dir);
bundle.run(args).then((code) => {
  bundle.save();
  if (code !== undefined) return process.exit(code);
  // The full CLI is ES modules: Node's compile cache (≥ 22.1) keeps their code, in the same folder.
  const { enableCompileCache } = require('node:module');
  if (dir && enableCompileCache) enableCompileCache(dir);
  return import('../dist/cli.js');
});
