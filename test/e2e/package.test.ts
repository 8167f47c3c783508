import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const npm = (args: string[], cwd = process.cwd()) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack holds only what runs, and a global install from it works without dev dependencies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-login-pack-'));
  const [pack] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir]));
  const files: string[] = pack.files.map((f: { path: string }) => f.path);
  for (const f of files)
    assert.match(f, /^(bin\/|dist\/|README\.md$|LICENSE$|package\.json$)/, `unexpected file in the package: ${f}`);
  for (const f of ['bin/oauth-login.js', 'dist/cli.js', 'dist/fast.cjs', 'README.md', 'LICENSE'])
    assert.ok(files.includes(f), f);

  const prefix = join(dir, 'prefix');
  npm(
    ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(dir, pack.filename)],
    dir,
  );
  const bin = join(prefix, 'bin', 'oauth-login');
  const run = (...args: string[]) =>
    execFileSync(bin, args, { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
  assert.match(run('--version'), /^\d+\.\d+\.\d+\n$/);
  assert.match(run('--help'), /Usage: oauth-login/);
  assert.match(run('providers'), /^google\s+oidc/m);
  const installed = join(prefix, 'lib', 'node_modules', 'oauth-login', 'node_modules');
  for (const dev of ['oidc-provider', 'playwright-core', 'tsx', 'esbuild', 'typescript', '@biomejs/biome']) {
    assert.ok(!existsSync(join(installed, dev)), `dev dependency ${dev} was installed`);
  }
  const size = execFileSync('du', ['-sk', join(prefix, 'lib', 'node_modules', 'oauth-login')], {
    encoding: 'utf8',
  }).split('\t')[0];
  console.log(
    `tarball ${Math.round(statSync(join(dir, pack.filename)).size / 1024)} KiB (${files.length} files); installed with dependencies ${size} KiB`,
  );
});
