import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startIdp } from '../../demo/idp.js';
import { runCli } from '../support/cli.js';
import { dataHome, e2eSetup, keyringEnv, loginWithBrowser } from '../support/e2e.js';

let refreshGrants = 0;
const e = e2eSetup({ ttl: 120, refreshedTtl: 3600 }, ({ idp }) => {
  idp.provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: string } } }) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') refreshGrants++;
  });
});

async function login(env: NodeJS.ProcessEnv, extra: string[] = []) {
  const result = await loginWithBrowser(
    e,
    ['demo', '--issuer', e.idp.issuer, '--port', '0', '--json', '--show-tokens', ...extra],
    env,
  );
  assert.equal(result.code, 0, result.stderr);
  return { out: JSON.parse(result.stdout), stderr: result.stderr };
}

const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, { ...e.hook.env, ...env }).done;

for (const store of ['file', 'keychain'] as const) {
  test(`${store} store: login → token → refresh (rotated) → status → whoami → logout revokes → token needs login`, async () => {
    const env = { ...dataHome(), ...keyringEnv(), OAUTH_LOGIN_STORE: store };
    const { out, stderr } = await login(env);
    assert.match(stderr, new RegExp(`tokens: ${store === 'file' ? 'private file' : 'OS keychain'}`));

    const token = await cli(['token', 'demo'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.equal(token.stdout, `${out.access_token}\n`, 'stdout holds the token and nothing else');
    assert.equal(token.stderr, '');
    if (store === 'keychain') {
      // A fresh token from the keychain is read over the bus: the native binding is not even loaded.
      const traced = await cli(['token', 'demo'], { ...env, NODE_DEBUG: 'module,esm' });
      assert.equal(traced.stdout, `${out.access_token}\n`);
      assert.match(
        traced.stderr,
        /MODULE \d+: load built-in module (node:)?fs/,
        'NODE_DEBUG=module traces module loads',
      );
      assert.doesNotMatch(traced.stderr, /@napi-rs/);
      assert.doesNotMatch(traced.stderr, /dist\/cli\.js/, 'answered by dist/fast.cjs, not the full CLI');
    }

    const before = refreshGrants;
    const refreshed = await cli(['token', 'demo', '--min-ttl', '86400'], env);
    assert.equal(refreshed.code, 0, refreshed.stderr);
    const second = refreshed.stdout.trim();
    assert.notEqual(second, out.access_token);
    assert.equal(refreshGrants, before + 1);
    // Only works if the rotated refresh token was stored: the provider revokes the grant when an old one is replayed.
    const again = await cli(['token', 'demo', '--min-ttl', '86400'], env);
    assert.equal(again.code, 0, again.stderr);
    const third = again.stdout.trim();

    const status = await cli(['status', '--json'], env);
    assert.equal(status.code, 0, status.stderr);
    const [row] = JSON.parse(status.stdout);
    assert.deepEqual(
      [row.provider, row.account, row.store, row.state, row.default, row.email],
      ['demo', 'ada', store, 'valid', true, 'ada@example.test'],
    );

    const whoami = await cli(['whoami', 'demo', '--json'], env);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.equal(JSON.parse(whoami.stdout).profile.name, 'Ada Lovelace');

    assert.ok(await e.idp.provider.AccessToken.find(third), 'active before logout');
    const logout = await cli(['logout', 'demo'], env);
    assert.equal(logout.code, 0, logout.stderr);
    assert.match(logout.stderr, /Revoked the tokens/);
    assert.equal(await e.idp.provider.AccessToken.find(third), undefined, 'revoked at the provider');
    // As a resource server sees it: the provider's userinfo endpoint now refuses the token.
    const userinfo = await fetch(`${e.idp.issuer}/me`, { headers: { authorization: `Bearer ${third}` } });
    assert.equal(userinfo.status, 401);

    const after = await cli(['token', 'demo'], env);
    assert.equal(after.code, 4);
    assert.equal(after.stdout, '');
    assert.match(after.stderr, /oauth-login login demo/);
  });
}

test('file store: directory 0700, files 0600, no token in the plain index', async () => {
  const env: NodeJS.ProcessEnv = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const { out } = await login(env);
  const dir = join(env.XDG_DATA_HOME as string, 'oauth-login');
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  for (const file of readdirSync(dir, { recursive: true }) as string[]) {
    const st = statSync(join(dir, file));
    if (st.isFile()) assert.equal(st.mode & 0o777, 0o600, file);
  }
  const index = readFileSync(join(dir, 'index.json'), 'utf8');
  assert.ok(!index.includes(out.access_token) && !index.includes(out.refresh_token));
});

test('token output formats: json, header, env, --id-token', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const { out } = await login(env);
  const json = JSON.parse((await cli(['token', 'demo', '--format', 'json'], env)).stdout);
  assert.equal(json.access_token, out.access_token);
  assert.ok(Date.parse(json.expires_at) > Date.now());
  assert.equal(
    (await cli(['token', 'demo', '--format', 'header'], env)).stdout,
    `Authorization: Bearer ${out.access_token}\n`,
  );
  assert.equal(
    (await cli(['token', 'demo', '--format', 'env'], env)).stdout,
    `OAUTH_LOGIN_ACCESS_TOKEN='${out.access_token}'\n`,
  );
  assert.equal((await cli(['token', 'demo', '--id-token'], env)).stdout, `${out.id_token}\n`);
});

test('login reuses a stored login without a browser; --force signs in again', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  await login(env);
  const calls = e.hook.calls;
  const reused = await cli(['demo', '--issuer', e.idp.issuer, '--port', '0', '--json'], env);
  assert.equal(reused.code, 0, reused.stderr);
  assert.match(reused.stderr, /Already signed in .* use --force/);
  assert.equal(JSON.parse(reused.stdout).profile.id, 'ada');
  assert.equal(e.hook.calls, calls, 'no browser opened');
  await login(env, ['--force']);
  assert.equal(e.hook.calls, calls + 1);
});

test('a stored login is not reused for the same provider name at another issuer', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  await login(env);
  const other = await startIdp();
  try {
    const calls = e.hook.calls;
    const result = await loginWithBrowser(e, ['demo', '--issuer', other.issuer, '--port', '0'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /Already signed in/);
    assert.equal(e.hook.calls, calls + 1, 'a browser sign-in at the other issuer');
  } finally {
    await other.close();
  }
});

test('auto store without a keychain keeps tokens for this run only and says how to persist them', async () => {
  const env = { ...dataHome(), DBUS_SESSION_BUS_ADDRESS: '' };
  const { stderr } = await login(env);
  assert.match(
    stderr,
    /^! No OS keychain answers, so the tokens are kept for this run only \("oauth-login doctor" says why; --store file keeps them in a private file\)\.$/m,
  );
  const status = await cli(['status', '--json'], env);
  assert.deepEqual(JSON.parse(status.stdout), []);
  assert.equal((await cli(['token', 'demo'], env)).code, 4);
});

test('20 concurrent token processes with an expiring token: one refresh, 20 valid tokens, newest refresh token kept', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  await login(env);
  const before = refreshGrants;
  // The login's token lives 120 s, a refreshed one 3600 s: with --min-ttl 600 only the first process must refresh.
  const runs = await Promise.all(Array.from({ length: 20 }, () => cli(['token', 'demo', '--min-ttl', '600'], env)));
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  assert.equal(refreshGrants, before + 1, 'exactly one refresh reached the provider');
  const tokens = new Set(runs.map((r) => r.stdout.trim()));
  assert.equal(tokens.size, 1, 'every process printed the refreshed token');
  for (const t of tokens) assert.ok(await e.idp.provider.AccessToken.find(t));
  const next = await cli(['token', 'demo', '--min-ttl', '86400'], env);
  assert.equal(next.code, 0, 'the stored refresh token is the newest (an old one would have been refused)');
});

test('OAUTH_LOGIN_<NAME>_REFRESH_TOKEN mints an access token with no stored state and writes nothing', async () => {
  const { out } = await login({ ...dataHome(), OAUTH_LOGIN_STORE: 'none' });
  const env: NodeJS.ProcessEnv = { ...dataHome(), OAUTH_LOGIN_DEMO_REFRESH_TOKEN: out.refresh_token };
  const minted = await cli(['token', 'demo', '--issuer', e.idp.issuer], env);
  assert.equal(minted.code, 0, minted.stderr);
  assert.ok(await e.idp.provider.AccessToken.find(minted.stdout.trim()), 'a valid token from the provider');
  assert.match(minted.stderr, /rotated the refresh token/);
  assert.ok(!minted.stderr.includes(out.refresh_token));
  assert.deepEqual(readdirSync(env.XDG_DATA_HOME as string), [], 'nothing written');
});
