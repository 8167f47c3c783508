#!/usr/bin/env node
// CommonJS on purpose (see bin/package.json): the hot path must not pay for the ES module loader.
// dist/fast.cjs answers `token` with a fresh stored token and `--version`, dist/fast-local.cjs plain `--help`,
// `providers` and `status`; whatever they leave (undefined) goes to the full CLI.
const { enableCompileCache } = require('node:module');
if (enableCompileCache) {
  // Node ≥ 22.1 keeps V8's compiled code of dist/ between runs (≈0.5 ms off `token`, 2–4 ms off the full CLI). In
  // this user's own cache folder, not the shared temporary folder Node defaults to: another user could plant code
  // there. NODE_COMPILE_CACHE still chooses the folder, NODE_DISABLE_COMPILE_CACHE=1 turns it off. An optimisation
  // only: a home that cannot be found or written just goes without (Node itself never throws here).
  try {
    const { isAbsolute, join } = require('node:path');
    const xdg = process.env.XDG_CACHE_HOME;
    const base = xdg && isAbsolute(xdg) ? xdg : join(process.env.HOME || require('node:os').homedir(), '.cache');
    enableCompileCache(process.env.NODE_COMPILE_CACHE || join(base, 'oauth-login', 'compile-cache'));
  } catch {}
}
const args = process.argv.slice(2);
const local = ['--help', '-h', 'providers', 'status'].includes(args[0]);
require(local ? '../dist/fast-local.cjs' : '../dist/fast.cjs')
  .run(args)
  .then((code) => (code === undefined ? import('../dist/cli.js') : process.exit(code)));
