#!/usr/bin/env node
// CommonJS on purpose (see bin/package.json): the hot path must not pay for the ES module loader.
// dist/fast.cjs answers `token` with a fresh stored token and `--version`, dist/fast-local.cjs plain `--help`,
// `providers` and `status`, dist/fast-whoami.cjs plain `whoami`; whatever they leave (undefined) goes to the full CLI.
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
const { dirname, join } = require('node:path');

const uid = process.getuid?.();

/**
 * The folder for compiled code: $NODE_COMPILE_CACHE, else $XDG_CACHE_HOME/oauth-login/compile-cache (else under an
 * absolute $HOME: a relative one would mean the current folder); undefined, so no cache, with
 * NODE_DISABLE_COMPILE_CACHE or without either. Never the shared temporary folder Node defaults to. Only a path: the
 * hot path reads a cached file and checks that file (ownCode), and only a write checks the folder (safeFolder).
 */
function compileCacheDir() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (process.env.NODE_COMPILE_CACHE) return { dir: process.env.NODE_COMPILE_CACHE, chosen: true };
  const { isAbsolute } = require('node:path');
  const { XDG_CACHE_HOME: xdg, HOME } = process.env;
  const home = HOME || require('node:os').homedir();
  const base = xdg && isAbsolute(xdg) ? xdg : isAbsolute(home) ? join(home, '.cache') : undefined;
  return base && { dir: join(base, 'oauth-login', 'compile-cache'), chosen: false };
}

/** This user's, and nobody else may write to it (Windows has neither owners nor modes here: the profile is its own). */
const mine = (s) => uid === undefined || (s.uid === uid && (s.mode & 0o022) === 0);
/** Code to run as this user must be a file of `mine`. */
const ownCode = (s) => s.isFile() && mine(s);

/**
 * Whether a folder may be given compiled code: the one the user chose, or ours made 0700 when missing, used only
 * while it and its oauth-login folder are directories of `mine`.
 */
function safeFolder({ dir, chosen }) {
  const { lstatSync, mkdirSync } = require('node:fs');
  if (chosen) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 }); // as Node makes it for its own compile cache
    } catch {}
    return true;
  }
  const safe = (path) => {
    const s = lstatSync(path);
    return s.isDirectory() && mine(s);
  };
  try {
    let own;
    try {
      own = safe(dir);
    } catch {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      own = safe(dir);
    }
    return own && safe(dirname(dir));
  } catch {
    return false; // an optimisation only: a home that cannot be found or written just goes without
  }
}

/**
 * Runs a dist/ bundle as CommonJS, from V8's code for it when the cache holds some. Why not Node's own compile cache
 * (Node >= 22.1): it keeps only what was compiled before the bundle ran, so every function the command calls is still
 * compiled on every run (about 1 ms on Node 24, 2.5 ms on Node 20, which has no compile cache at all). This cache is
 * written after the command has run, holding those functions too, and again whenever a run used a part of the bundle
 * the cached code was not made with (src/parts-used.ts): the first `token` from the file store must not leave a
 * keychain read compiling its functions on every run. Keyed by the file's size, mtime and inode (V8 checks only the
 * source's length) and the runtime.
 */
function loadBundle(name, cache) {
  const file = join(__dirname, '..', 'dist', `${name}.cjs`);
  const fd = openSync(file, 'r');
  const { size, mtimeMs, ino } = fstatSync(fd);
  const source = readWhole(fd, size).toString('latin1'); // ASCII: scripts/build.mjs asks esbuild for it
  closeSync(fd);
  const runtime = `${name}-${process.version}-${process.arch}-`;
  const key = `${runtime}${size}-${Math.round(mtimeMs)}-${ino}.v8`;
  const cached = cache && readCode(join(cache.dir, key));
  const { Script } = require('node:vm');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData: cached?.code });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require('node:module').createRequire(file), mod, file, dirname(file));
  const save = () => {
    if (!cache) return;
    const kept = cached && !script.cachedDataRejected ? cached.parts : [];
    const parts = [...new Set([...kept, ...mod.exports.partsUsed()])].sort();
    if (parts.length === kept.length || !safeFolder(cache)) return;
    saveCode(cache.dir, runtime, key, parts, script.createCachedData());
  };
  return { run: mod.exports.run, save };
}

/** The file's `size` bytes. Not readFileSync: on Node 20 it takes four times as long for these files. */
function readWhole(fd, size) {
  const bytes = Buffer.allocUnsafe(size);
  let done = 0;
  for (let n = 1; done < size && n > 0; done += n) n = readSync(fd, bytes, done, size - done, done);
  return bytes.subarray(0, done);
}

/**
 * The cached code in `path` and the parts it was made with (a first line, then V8's bytes), if the file is there and
 * is ownCode: checked on the descriptor it is read from.
 */
function readCode(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
    const stats = fstatSync(fd);
    if (!ownCode(stats)) return undefined;
    const bytes = readWhole(fd, stats.size);
    const end = bytes.indexOf(10);
    if (end < 0) return undefined;
    return { parts: bytes.toString('latin1', 0, end).split(' '), code: bytes.subarray(end + 1) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Written whole, to a new file (O_EXCL: never through a link someone left at that name) renamed into place; older
 * builds' code for this bundle on this runtime is removed.
 */
function saveCode(dir, runtime, key, parts, code) {
  const { readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
  const temporary = join(dir, `.${key}.${process.pid}`);
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${parts.join(' ')}\n`, 'latin1'), code]), {
      mode: 0o600,
      flag: 'wx',
    });
    renameSync(temporary, join(dir, key));
    for (const old of readdirSync(dir)) {
      if (old.startsWith(runtime) && old.endsWith('.v8') && old !== key) rmSync(join(dir, old), { force: true });
    }
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {}
  }
}

const args = process.argv.slice(2);
const cache = compileCacheDir();
const local = ['--help', '-h', 'providers', 'status'].includes(args[0]);
const bundle = loadBundle(args[0] === 'whoami' ? 'fast-whoami' : local ? 'fast-local' : 'fast', cache);
bundle.run(args).then((code) => {
  bundle.save();
  if (code !== undefined) return process.exit(code);
  // The full CLI is ES modules: Node's compile cache (≥ 22.1) keeps their code, in the same folder.
  const { enableCompileCache } = require('node:module');
  if (cache && enableCompileCache && safeFolder(cache)) enableCompileCache(cache.dir);
  return import('../dist/cli.js');
});
