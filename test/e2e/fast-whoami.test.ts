// `whoami <provider> [--json]` is answered by dist/fast-whoami.cjs (src/fast-whoami.ts) without the full CLI, against
// the real demo IdP. Each comparison runs the built CLI through bin/ (the fast answer) and as dist/cli.js alone (the
// full CLI) and requires the same stdout, stderr and exit code; under NODE_DEBUG=esm the full CLI names dist/cli.js
// as it loads it, which tells who answered. Proxies, CA files, a token to renew and other spellings are the full CLI's.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { findLogin, openLogins, saveLogin } from '../../src/logins/service.js';
import type { PersonLogin } from '../../src/logins/types.js';
import { BIN } from '../support/cli.js';
import { dataHome, e2eSetup, loginWithBrowser } from '../support/e2e.js';
import { collect } from '../support/process.js';

const FULL = resolve('dist/cli.js');
// 30 s to live: whoami renews a token with less than 60 s left, so the first one needs a refresh.
let refreshGrants = 0;
const e = e2eSetup({ ttl: 30, refreshedTtl: 3600 }, ({ idp }) => {
  idp.provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: string } } }) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') refreshGrants++;
  });
});
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dataHome().XDG_DATA_HOME, ...dataHome() };

/** One run, not spawnSync: the demo IdP answers from this process's event loop. */
async function run(file: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [file, ...args], {
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, stderr, code } = await collect(child).done;
  return { stdout, stderr, code };
}

const answeredBy = async (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  (await run(BIN, args, { ...extra, NODE_DEBUG: 'esm' })).stderr.includes(FULL) ? 'full CLI' : 'fast path';

/** The fast answer equals the full CLI's, and came from the fast path. */
async function same(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const fast = await run(BIN, args, extra);
  assert.deepEqual(fast, await run(FULL, args, extra), `oauth-login ${args.join(' ')}`);
  assert.equal(await answeredBy(args, extra), 'fast path', `oauth-login ${args.join(' ')}`);
  return fast;
}

/** A second login of demo, as the first one was made but for `changes`, picked with OAUTH_LOGIN_DEMO_ACCOUNT. */
async function seed(account: string, changes: Partial<PersonLogin>): Promise<NodeJS.ProcessEnv> {
  const logins = openLogins(env);
  const first = findLogin(logins, 'demo', 'ada') as PersonLogin;
  const login: PersonLogin = { ...first, account, ...changes };
  const tokens = { access_token: `not-a-token-${account}`, token_type: 'bearer', expires_at: Date.now() / 1000 + 3600 };
  await saveLogin(logins, logins.store('file'), login, { tokens });
  return { OAUTH_LOGIN_DEMO_ACCOUNT: account };
}

test('a token to renew: the fast path hands over before it sends anything; the full CLI refreshes once', async () => {
  const login = await loginWithBrowser(e, ['demo', '--issuer', e.idp.issuer, '--port', '0', '--store', 'file'], env);
  assert.equal(login.code, 0, login.stderr);
  const before = (await run(BIN, ['token', 'demo', '--min-ttl', '0'])).stdout;
  const renewed = await run(BIN, ['whoami', 'demo'], { NODE_DEBUG: 'esm' });
  assert.equal(renewed.code, 0, renewed.stderr);
  assert.match(renewed.stdout, /^name: Ada Lovelace$/m);
  assert.ok(renewed.stderr.includes(FULL), 'the full CLI answered');
  assert.equal(refreshGrants, 1, 'one refresh: the fast path sent none');
  const after = await run(BIN, ['token', 'demo']);
  assert.equal(after.code, 0, after.stderr);
  assert.notEqual(after.stdout, before, 'the refreshed token was stored');
  assert.equal(await answeredBy(['whoami', 'demo']), 'fast path', "a fresh token is the fast path's");
  assert.equal(refreshGrants, 1);
});

test('whoami and whoami --json print what the full CLI prints', async () => {
  assert.match((await same(['whoami', 'demo'])).stdout, /^provider: demo\nid: ada\n/);
  assert.equal(JSON.parse((await same(['whoami', 'demo', '--json'])).stdout).profile.name, 'Ada Lovelace');
});

test("failures are the full CLI's too: nothing stored (exit 4), a token the provider refuses", async () => {
  assert.equal((await same(['whoami', 'nobody'])).code, 4);
  const refused = await same(['whoami', 'demo'], await seed('refused', {}));
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /401/, refused.stderr);
});

test("a proxy variable, a CA file or another spelling is the full CLI's", async () => {
  const caStored = await seed('with-ca', { ca_file: '/nonexistent/ca.pem' });
  for (const [args, extra] of [
    [['whoami', 'demo'], { HTTPS_PROXY: 'http://127.0.0.1:9' }],
    [['whoami', 'demo'], { https_proxy: 'http://127.0.0.1:9' }],
    [['whoami', 'demo'], { OAUTH_LOGIN_CA_FILE: '/nonexistent/ca.pem' }],
    [['whoami', 'demo'], caStored],
    [['whoami', '--json', 'demo'], {}],
    [['whoami', 'demo', '--account', 'ada'], {}],
  ] as const) {
    assert.equal(await answeredBy([...args], extra), 'full CLI', `${args.join(' ')} ${JSON.stringify(extra)}`);
  }
  // The loopback provider is never proxied: with the proxy set, the full CLI still answers as the fast path would.
  const ada = { OAUTH_LOGIN_DEMO_ACCOUNT: 'ada' };
  const proxied = await run(BIN, ['whoami', 'demo'], { ...ada, HTTPS_PROXY: 'http://127.0.0.1:9' });
  assert.equal(proxied.code, 0, proxied.stderr);
  assert.deepEqual(proxied, await run(BIN, ['whoami', 'demo'], ada));
  assert.match((await run(BIN, ['whoami', 'demo'], caStored)).stderr, /\/nonexistent\/ca\.pem/);
});

test('Ctrl+C while the provider has not answered: reported as the full CLI reports it', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const { port } = silent.address() as { port: number };
  const extra = await seed('silent', { userinfo_endpoint: `http://127.0.0.1:${port}/userinfo` });
  const interrupted = async (file: string) => {
    const child = spawn(process.execPath, [file, 'whoami', 'demo'], { env: { ...env, ...extra } });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const connected = sockets.length;
    for (let waited = 0; sockets.length === connected; waited += 20) {
      assert.ok(waited < 15_000, `${file} never asked the provider: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    return { code, stderr };
  };
  try {
    const fast = await interrupted(BIN);
    assert.deepEqual(fast, await interrupted(FULL));
    assert.match(fast.stderr, /Interrupted \(SIGINT\)/);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('dist/fast-whoami.cjs holds no undici, no jose and no renewal flow: loading one of them hands over', () => {
  const bundle = readFileSync('dist/fast-whoami.cjs', 'utf8');
  for (const word of ['ProxyAgent', 'jwtVerify', 'refreshTokenGrantRequest']) assert.ok(!bundle.includes(word), word);
  for (const left of ['./network/undici.js', '../flows/refresh.js', '../flows/revoke.js']) {
    assert.ok(bundle.includes(`throw handOver(${JSON.stringify(left)})`), left);
  }
});
