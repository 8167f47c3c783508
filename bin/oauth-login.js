#!/usr/bin/env node
// CommonJS on purpose (see bin/package.json): the hot path must not pay for the ES module loader.
// dist/fast.cjs answers `token` with a fresh stored token and `--version`; everything else goes to the full CLI.
require('../dist/fast.cjs')
  .run(process.argv.slice(2))
  .then((code) => (code === undefined ? import('../dist/cli.js') : process.exit(code)));
