// Builds dist/: cli.js, the full CLI (ESM, code-split so lazily imported modules stay out of start-up), and fast.cjs,
// the hot path (`token` with a fresh stored token, `--version`) as one small CommonJS file: loading an ES module
// costs a Node process ≈8 ms more, and `token` runs in every CI step that needs a token.
import { readFileSync, rmSync } from 'node:fs';
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
await build({
  ...common,
  entryPoints: ['src/fast.ts'],
  outfile: 'dist/fast.cjs',
  format: 'cjs',
  define: { __VERSION__: JSON.stringify(version), 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
