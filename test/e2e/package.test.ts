import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { test } from 'node:test';
import { waitForOutput } from '../support/cli.js';
import { collect } from '../support/process.js';
import { tempDir } from '../support/tmp.js';

// Everything but the keychain binding is bundled into dist/: the only runtime dependency is @napi-rs/keyring.
const AGENT = `"${process.execPath}" --import ${import.meta.resolve('tsx')} "${join(process.cwd(), 'demo/browser-agent.ts')}" scripted`;

// npm and the installed bin start with `#!/usr/bin/env node`: the Node under test goes first on their PATH, so both
// run on it (CI runs this suite on Node 20 and on Node 24).
const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH}`;
const npm = (args: string[], cwd = process.cwd()) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH },
  });

test('npm pack holds only what runs; a global install of oauth-login-cli has no dev dependencies, runs its demo provider and logs in', async () => {
  const dir = tempDir('oauth-login-pack-');
  const [pack] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir]));
  const files: string[] = pack.files.map((f: { path: string }) => f.path);
  for (const f of files)
    assert.match(f, /^(bin\/|dist\/|README\.md$|LICENSE$|package\.json$)/, `unexpected file in the package: ${f}`);
  for (const f of [
    'bin/oauth-login.js',
    'dist/cli.js',
    'dist/fast.cjs',
    'dist/fast-local.cjs',
    'dist/fast-whoami.cjs',
    'README.md',
    'LICENSE',
  ])
    assert.ok(files.includes(f), f);

  const prefix = join(dir, 'prefix');
  npm(
    ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(dir, pack.filename)],
    dir,
  );
  const bin = join(prefix, 'bin', 'oauth-login');
  const run = (...args: string[]) => execFileSync(bin, args, { encoding: 'utf8', env: { PATH, HOME: dir } });
  const shebangNode = execFileSync('/usr/bin/env', ['node', '--version'], { encoding: 'utf8', env: { PATH } });
  assert.equal(shebangNode.trim(), process.version, "the installed bin's #!/usr/bin/env node is the Node under test");
  assert.match(run('--version'), /^\d+\.\d+\.\d+\n$/);
  assert.match(run('--help'), /Usage: oauth-login/);
  assert.match(run('providers'), /^google\s+oidc/m);
  const installed = join(prefix, 'lib', 'node_modules', 'oauth-login-cli', 'node_modules');
  for (const dev of [
    'oidc-provider',
    'playwright-core',
    'tsx',
    'esbuild',
    'typescript',
    '@biomejs/biome',
    'commander',
  ]) {
    assert.ok(!existsSync(join(installed, dev)), `dev dependency ${dev} was installed`);
  }
  assert.equal(pack.name, 'oauth-login-cli', 'the npm name oauth-login belongs to another package');
  // A real login from the installed copy, against the demo provider it carries: the bundle has all it needs.
  const provider = spawn(bin, ['demo-provider', '--port', '0'], { env: { PATH, HOME: dir } });
  const providerOutput = collect(provider);
  const issuer = (await waitForOutput(providerOutput.stdoutSoFar, /\{"issuer":"([^"]+)"\}/))[1] as string;
  try {
    const login = spawn(bin, ['demo', '--issuer', issuer, '--port', '0', '--store', 'none', '--json'], {
      env: { PATH, HOME: dir, BROWSER: AGENT },
    });
    const { code, stdout, stderr } = await collect(login).done;
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).profile.name, 'Ada Lovelace');
  } finally {
    provider.kill('SIGINT');
  }
  assert.equal((await providerOutput.done).code, 0, 'Ctrl+C stops the demo provider cleanly');
  const size = execFileSync('du', ['-sk', join(prefix, 'lib', 'node_modules', 'oauth-login-cli')], {
    encoding: 'utf8',
  }).split('\t')[0];
  console.log(
    `tarball ${Math.round(statSync(join(dir, pack.filename)).size / 1024)} KiB (${files.length} files); installed with dependencies ${size} KiB`,
  );
});
