import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET, type Idp, startIdp } from '../../demo/idp.js';
import { BrowserHook, runCli, transcript } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const TTL = 3;
let idp: Idp;
let hook: BrowserHook;
let grants = 0;

before(async () => {
  console.info = () => {};
  idp = await startIdp({ ttl: TTL });
  idp.provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: string } } }) => {
    if (ctx.oidc.params?.grant_type === 'client_credentials') grants++;
  });
  hook = await BrowserHook.start();
});

after(async () => {
  await idp?.close();
  await hook?.close();
  assert.ok(!transcript.join('').includes(CONFIDENTIAL_CLIENT_SECRET), 'the client secret is never printed');
});

const dataHome = () => tempDir('oauth-login-data-');
const LOGIN = ['demo', '--flow', 'client-credentials', '--client-id', CONFIDENTIAL_CLIENT_ID];

function ciEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    CI: 'true',
    XDG_DATA_HOME: dataHome(),
    OAUTH_LOGIN_STORE: 'file',
    OAUTH_LOGIN_DEMO_CLIENT_SECRET: CONFIDENTIAL_CLIENT_SECRET,
    ...hook.systemEnv,
    ...extra,
  };
}

const cli = (args: string[], env: NodeJS.ProcessEnv, input?: string) => runCli(args, env, input).done;

test('client credentials in CI: secret from the environment, profile-less JSON, stored under the client id', async () => {
  const env = ciEnv();
  const calls = hook.calls;
  const login = await cli([...LOGIN, '--issuer', idp.issuer, '--json', '--show-tokens'], env);
  assert.equal(login.code, 0, login.stderr);
  const out = JSON.parse(login.stdout);
  assert.deepEqual(Object.keys(out), [
    'provider',
    'flow',
    'client_id',
    'account',
    'token_type',
    'scope',
    'expires_at',
    'access_token',
  ]);
  assert.deepEqual(
    [out.provider, out.flow, out.client_id, out.account, out.token_type.toLowerCase(), out.scope],
    ['demo', 'client-credentials', CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_ID, 'bearer', null],
  );
  assert.ok(await idp.provider.ClientCredentials.find(out.access_token), 'a token the provider issued');
  assert.match(
    login.stderr,
    /✓ Got a client-credentials token from .* for client confidential \(tokens: private file\)/,
  );
  assert.equal(hook.calls, calls, 'no browser');
  const index = readFileSync(join(env.XDG_DATA_HOME as string, 'oauth-login', 'index.json'), 'utf8');
  assert.ok(!index.includes(out.access_token) && !index.includes(CONFIDENTIAL_CLIENT_SECRET), 'nothing secret');
  const stored = JSON.parse(index).logins['demo:confidential'];
  assert.deepEqual([stored.kind, stored.flow, stored.profile], ['machine', 'client-credentials', undefined]);
});

test('token re-mints an expired client-credentials token with the same grant (no refresh token exists)', async () => {
  const env = ciEnv();
  const login = await cli([...LOGIN, '--issuer', idp.issuer, '--json', '--show-tokens'], env);
  assert.equal(login.code, 0, login.stderr);
  const first = JSON.parse(login.stdout).access_token;
  const fresh = await cli(['token', 'demo', '--min-ttl', '0'], env);
  assert.equal(fresh.stdout, `${first}\n`, 'still valid: the stored token');
  await sleep(TTL * 1000 + 300);
  const before = grants;
  const renewed = await cli(['token', 'demo', '--min-ttl', '0'], env);
  assert.equal(renewed.code, 0, renewed.stderr);
  const second = renewed.stdout.trim();
  assert.notEqual(second, first);
  assert.equal(grants, before + 1, 'one client_credentials grant');
  assert.ok(await idp.provider.ClientCredentials.find(second));
  assert.equal((await cli(['token', 'demo', '--min-ttl', '0'], env)).stdout.trim(), second, 'the new one was stored');
  const [row] = JSON.parse((await cli(['status', '--json'], env)).stdout);
  assert.deepEqual([row.account, row.refreshable], [CONFIDENTIAL_CLIENT_ID, true]);
});

test('the secret can come from stdin (--client-secret-stdin) or the config file; --account names the login', async () => {
  const env = ciEnv({ OAUTH_LOGIN_DEMO_CLIENT_SECRET: '' });
  const piped = await cli(
    [...LOGIN, '--issuer', idp.issuer, '--client-secret-stdin', '--account', 'deploy-bot'],
    env,
    `${CONFIDENTIAL_CLIENT_SECRET}\n`,
  );
  assert.equal(piped.code, 0, piped.stderr);
  assert.match(
    piped.stdout,
    /^provider: demo\nflow: client-credentials\nclient_id: confidential\naccount: deploy-bot\n/,
  );
  const config = join(tempDir('oauth-login-config-'), 'config.json');
  const entry = { issuer: idp.issuer, client_id: CONFIDENTIAL_CLIENT_ID, client_secret: CONFIDENTIAL_CLIENT_SECRET };
  writeFileSync(config, JSON.stringify({ providers: { ci: entry } }));
  const configured = await cli(['ci', '--config', config, '--flow', 'client-credentials', '--json'], ciEnv());
  assert.equal(configured.code, 0, configured.stderr);
  assert.equal(JSON.parse(configured.stdout).account, CONFIDENTIAL_CLIENT_ID);
});

test('--scope is sent as given; a second login with the same request reuses the stored token', async () => {
  const env = ciEnv();
  const first = await cli([...LOGIN, '--issuer', idp.issuer, '--scope', 'openid', '--json'], env);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(JSON.parse(first.stdout).scope, 'openid');
  const again = await cli([...LOGIN, '--issuer', idp.issuer, '--scope', 'openid', '--json'], env);
  assert.match(again.stderr, /Already have a valid client-credentials token/);
  const other = await cli([...LOGIN, '--issuer', idp.issuer, '--json'], env);
  assert.match(other.stderr, /✓ Got a client-credentials token/, 'another scope is another request');
});

test('without a secret it fails before any request, naming every place a secret may come from', async () => {
  const { code, stderr } = await cli([...LOGIN, '--issuer', idp.issuer], ciEnv({ OAUTH_LOGIN_DEMO_CLIENT_SECRET: '' }));
  assert.equal(code, 1);
  assert.match(stderr, /needs a client secret for "demo"/);
  assert.match(stderr, /OAUTH_LOGIN_DEMO_CLIENT_SECRET.*--client-secret-stdin.*client_secret/);
});

test('a wrong secret is refused by the provider (exit 1); it is not echoed', async () => {
  const env = ciEnv({ OAUTH_LOGIN_DEMO_CLIENT_SECRET: 'not-the-secret' });
  const { code, stderr } = await cli([...LOGIN, '--issuer', idp.issuer], env);
  assert.equal(code, 1);
  assert.match(stderr, /refused the client-credentials grant: invalid_client/);
  assert.ok(!stderr.includes('not-the-secret'));
});

test('whoami explains that a client-credentials login has no person', async () => {
  const env = ciEnv();
  assert.equal((await cli([...LOGIN, '--issuer', idp.issuer], env)).code, 0);
  const whoami = await cli(['whoami', 'demo'], env);
  assert.equal(whoami.code, 1);
  assert.match(whoami.stderr, /client-credentials login: no person signed in/);
});

test('--resource and --audience are only for client credentials; a resource must be an absolute URI', async () => {
  const wrongFlow = await cli(['demo', '--issuer', idp.issuer, '--resource', 'https://api.example/'], ciEnv());
  assert.equal(wrongFlow.code, 1);
  assert.match(wrongFlow.stderr, /--resource and --audience apply only to --flow client-credentials/);
  const fragment = await cli([...LOGIN, '--resource', 'https://api.example/#x'], ciEnv());
  assert.equal(fragment.code, 1);
  assert.match(fragment.stderr, /--resource.*absolute URI without #/);
  const ok = await cli(
    [...LOGIN, '--issuer', idp.issuer, '--resource', 'https://api.example/', '--audience', 'a'],
    ciEnv(),
  );
  assert.equal(ok.code, 0, ok.stderr);
});
