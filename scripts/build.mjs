// Builds dist/: cli.js, the full CLI (ESM, code-split so lazily imported modules stay out of start-up), and fast.cjs,
// the hot path (`token` with a fresh stored token, `--version`) as one small CommonJS file: loading an ES module
// costs a Node process ≈8 ms more, and `token` runs in every CI step that needs a token.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // The keychain binding is a native module: loaded from node_modules at run time, never bundled.
  external: ['@napi-rs/keyring'],
  // esbuild's default, said out loud: bin/ reads the small bundles as latin1 (a one-byte string, no UTF-8 decoding).
  charset: 'ascii',
};
await build({
  ...common,
  entryPoints: { cli: 'src/main.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __VERSION__: JSON.stringify(version) },
  // commander is CommonJS: inside an ESM bundle its require('node:events') needs a real require.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
// The full CLI's own `--help`, for fast-local.ts to print: at the default width (a pipe, or a terminal that narrow)
// and at the widest (help-width.ts, read through esbuild: this script runs without a TypeScript loader), with a preload
// that gives stdout that width. A clean environment: no config, no colour.
const helpAt = (columns) =>
  execFileSync(
    process.execPath,
    ['--import', `data:text/javascript,process.stdout.columns=${columns}`, 'dist/cli.js', '--help'],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: tmpdir(), NO_COLOR: '1' },
    },
  );
const widths = await build({ entryPoints: ['src/help-width.ts'], format: 'esm', write: false, logLevel: 'warning' });
const { DEFAULT_HELP_WIDTH, MAX_HELP_WIDTH } = await import(
  `data:text/javascript,${encodeURIComponent(widths.outputFiles[0].text)}`
);
const help = Object.fromEntries([DEFAULT_HELP_WIDTH, MAX_HELP_WIDTH].map((width) => [width, helpAt(width)]));
// fast.cjs holds `token` and `--version`, fast-local.cjs --help, providers and status, fast-whoami.cjs whoami: bin/
// loads the one the command needs, so none parses the others' code.
const fast = {
  ...common,
  format: 'cjs',
  // import() becomes require(): from CommonJS, import() would start the ES module loader, the cost this file avoids.
  supported: { 'dynamic-import': false },
  define: { __VERSION__: JSON.stringify(version), 'import.meta.url': '__meta.url' },
  // The URL is worked out when asked for (only to load the keychain binding), not at every start. The banner comes
  // before esbuild's own "use strict", which would then be no directive: it says it first, so the code stays strict.
  banner: {
    js: `"use strict";\nconst __meta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };`,
  },
};
await build({ ...fast, entryPoints: ['src/fast.ts'], outfile: 'dist/fast.cjs' });
// The help texts for fast-local.cjs alone: defined in fast.cjs too, esbuild would add their init call to every module.
const local = { ...fast.define, __HELP__: JSON.stringify(help) };
await build({ ...fast, define: local, entryPoints: ['src/fast-local.ts'], outfile: 'dist/fast-local.cjs' });
// fast-whoami.cjs leaves out what a fresh token's profile request does without: undici (1.2 MB; proxies and CA
// files are the full CLI's, fast-whoami.ts), and the renewal flows with jose. Each is replaced by a module that hands
// the command over to the full CLI when loaded (src/hand-over.ts), which happens before anything is sent.
const handedOver = /\/(network\/undici|flows\/(refresh|token-exchange|client-credentials|revoke))\.js$/;
const handOverPlugin = {
  name: 'hand-over',
  setup(b) {
    b.onResolve({ filter: handedOver }, (args) => ({ path: args.path, namespace: 'hand-over' }));
    b.onLoad({ filter: /.*/, namespace: 'hand-over' }, (args) => ({
      contents: `import { handOver } from './hand-over.ts'; throw handOver(${JSON.stringify(args.path)});`,
      resolveDir: new URL('../src', import.meta.url).pathname,
      loader: 'ts',
    }));
  },
};
await build({
  ...fast,
  entryPoints: ['src/fast-whoami.ts'],
  outfile: 'dist/fast-whoami.cjs',
  plugins: [handOverPlugin],
});
