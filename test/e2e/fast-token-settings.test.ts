// `token` with a fresh stored token is answered by the fast path (dist/fast.cjs) when nothing asks for more; the full
// CLI reads the network settings (timeout, proxies, CA file) before it looks at the token. A broken setting must be the
// same error on both, so that the exit code never depends on whether the token is fresh; a good one, the same token.
// Each case runs bin/ and dist/cli.js and requires the same stdout, stderr and exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { openLogins, saveLogin } from '../../src/logins/service.js';
import type { PersonLogin } from '../../src/logins/types.js';
import { BIN } from '../support/cli.js';
import { makeCa } from '../support/corp-net.js';
import { tempDir } from '../support/tmp.js';

const FULL = resolve('dist/cli.js');

async function fresh(login: Partial<PersonLogin> = {}): Promise<NodeJS.ProcessEnv> {
  const dir = tempDir('oauth-login-fast-settings-');
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_DATA_HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    OAUTH_LOGIN_STORE: 'file',
  };
  const logins = openLogins({ ...env, NO_COLOR: '1' });
  const expires_at = Math.floor(Date.now() / 1000) + 3600;
  const stored: PersonLogin = {
    kind: 'person',
    flow: 'auth-code',
    provider: 'demo',
    account: 'ada',
    store: 'file',
    client_id: 'demo-cli',
    issuer: 'http://127.0.0.1:5055',
    token_endpoint: 'http://127.0.0.1:5055/token',
    updated_at: new Date().toISOString(),
    scope: 'openid',
    profile: { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.test', username: 'ada' },
    expires_at,
    ...login,
  };
  await saveLogin(logins, logins.store('file'), stored, {
    tokens: { access_token: 'at-fresh', token_type: 'bearer', expires_at },
  });
  return { ...env, NO_COLOR: '1' };
}

/** Both paths' answer, required equal; and which of them answered through bin/ (the full CLI names dist/cli.js). */
function same(args: string[], env: NodeJS.ProcessEnv) {
  const run = (file: string, e = env) =>
    spawnSync(process.execPath, [file, 'token', 'demo', ...args], { env: e, encoding: 'utf8' });
  const answer = (file: string) => {
    const r = run(file);
    return { stdout: r.stdout, stderr: r.stderr, code: r.status };
  };
  const fast = answer(BIN);
  assert.deepEqual(fast, answer(FULL), `token demo ${args.join(' ')} with ${JSON.stringify(env)}`);
  const fastPath = !run(BIN, { ...env, NODE_DEBUG: 'esm' }).stderr.includes(FULL);
  return { ...fast, fastPath };
}

test('a missing --ca-file, OAUTH_LOGIN_CA_FILE or stored CA file is the same error with a fresh token', async () => {
  const missing = join(tempDir('oauth-login-no-ca-'), 'ca.pem');
  for (const [args, extra, login] of [
    [['--ca-file', missing], {}, {}],
    [[], { OAUTH_LOGIN_CA_FILE: missing }, {}],
    [[], {}, { ca_file: missing }],
  ] as const) {
    const r = same([...args], { ...(await fresh(login)), ...extra });
    assert.ok(r.code !== 0 && r.stdout === '' && r.stderr.includes(missing), JSON.stringify(r));
  }
});

test('a bad OAUTH_LOGIN_HTTP_TIMEOUT_MS or HTTPS_PROXY is the same error with a fresh token', async () => {
  for (const [name, value] of [
    ['OAUTH_LOGIN_HTTP_TIMEOUT_MS', 'abc'],
    ['OAUTH_LOGIN_HTTP_TIMEOUT_MS', ' '],
    ['HTTPS_PROXY', 'ftp://proxy.corp.test'],
  ]) {
    const r = same([], { ...(await fresh()), [name]: value });
    assert.ok(r.code !== 0 && r.stdout === '' && r.stderr.includes(name), JSON.stringify(r));
  }
});

test('good settings (a CA file, a timeout, a proxy) still get the fresh token from the fast path', async () => {
  const { caFile } = makeCa('idp.corp.test');
  const env = { ...(await fresh()), OAUTH_LOGIN_HTTP_TIMEOUT_MS: '5000', HTTPS_PROXY: 'http://127.0.0.1:3128' };
  const r = same(['--ca-file', caFile], env);
  assert.deepEqual(r, { stdout: 'at-fresh\n', stderr: '', code: 0, fastPath: true });
  assert.equal(same([], await fresh()).fastPath, true, 'no settings: the fast path');
});

test('with no setting given, the fast path loads no node:tls; its bundle holds no undici', async () => {
  const preload = join(tempDir('oauth-login-preload-'), 'loaded.cjs');
  const report = "process.on('exit', () => require('node:fs').writeSync(2, process.moduleLoadList.join('\\n')))";
  writeFileSync(preload, report);
  const loaded = (env: NodeJS.ProcessEnv) => {
    const r = spawnSync(process.execPath, ['-r', preload, BIN, 'token', 'demo'], { env, encoding: 'utf8' });
    assert.equal(r.stdout, 'at-fresh\n', r.stderr);
    return r.stderr.split('\n').includes('NativeModule tls');
  };
  assert.equal(loaded(await fresh()), false, 'no setting: no node:tls');
  assert.equal(loaded({ ...(await fresh()), HTTPS_PROXY: 'http://127.0.0.1:3128' }), true, 'a proxy: checked');
  // The check reads the settings without the transport: its undici would make every start parse a megabyte more.
  assert.equal(readFileSync('dist/fast.cjs', 'utf8').includes('undici'), false, 'dist/fast.cjs holds no undici');
});
