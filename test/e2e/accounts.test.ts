import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { dataHome, e2eSetup, loginWithBrowser } from '../support/e2e.js';

/** The authorization requests the demo IdP accepted, as it parsed them. */
const requests: Record<string, string | undefined>[] = [];
const e = e2eSetup({}, ({ idp }) => {
  idp.provider.on('authorization.accepted', (ctx) => {
    requests.push({ ...(ctx.oidc.params as Record<string, string | undefined>) });
  });
});

const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, { ...e.hook.env, ...env }).done;

async function login(env: NodeJS.ProcessEnv, who: string, extra: string[] = []) {
  const args = ['demo', '--issuer', e.idp.issuer, '--port', '0', '--json', '--show-tokens', ...extra];
  const result = await loginWithBrowser(e, args, env, { login: who });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout).access_token as string;
}

async function defaultAccount(env: NodeJS.ProcessEnv): Promise<string> {
  const status = await cli(['status', '--json'], env);
  assert.equal(status.code, 0, status.stderr);
  const rows = JSON.parse(status.stdout) as { account: string; default: boolean }[];
  return rows
    .filter((row) => row.default)
    .map((row) => row.account)
    .join(',');
}

test('two accounts: switch changes the default; OAUTH_LOGIN_DEMO_ACCOUNT picks one per shell; --account wins', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const ada = await login(env, 'ada');
  const grace = await login(env, 'grace', ['--force']);
  assert.equal(await defaultAccount(env), 'grace', 'the login used last is the default');

  const switched = await cli(['switch', 'demo', '--account', 'ada'], env);
  assert.equal(switched.code, 0, switched.stderr);
  assert.match(switched.stderr, /demo now uses ada by default/);
  assert.equal(await defaultAccount(env), 'ada');
  assert.equal((await cli(['token', 'demo'], env)).stdout, `${ada}\n`);

  // The fast path answers these (fresh tokens): it must read the variable as the full CLI does.
  const shell = { ...env, OAUTH_LOGIN_DEMO_ACCOUNT: 'grace' };
  assert.equal((await cli(['token', 'demo'], shell)).stdout, `${grace}\n`);
  assert.equal((await cli(['token', 'demo', '--account', 'ada'], shell)).stdout, `${ada}\n`);
  const whoami = await cli(['whoami', 'demo', '--json'], shell);
  assert.equal(whoami.code, 0, whoami.stderr);
  assert.equal(JSON.parse(whoami.stdout).profile.email, 'grace@example.test');
  assert.equal(await defaultAccount(shell), 'ada', 'the variable leaves the stored default alone');

  const unknown = await cli(['token', 'demo'], { ...env, OAUTH_LOGIN_DEMO_ACCOUNT: 'linus' });
  assert.equal(unknown.code, 4);
  assert.match(
    unknown.stderr,
    /No login for demo \(linus, chosen by OAUTH_LOGIN_DEMO_ACCOUNT\)\. Stored: demo \(ada\), demo \(grace\)\.\n {2}Pass --account ada or grace/,
  );

  const logout = await cli(['logout', 'demo'], shell);
  assert.equal(logout.code, 0, logout.stderr);
  assert.match(logout.stderr, /Logged out of demo \(grace\)/);
  assert.equal(await defaultAccount(env), 'ada');
});

test('switch to an account that is not stored fails naming the stored ones, and changes nothing', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  await login(env, 'ada');
  const result = await cli(['switch', 'demo', '--account', 'grace'], env);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /No login of demo is stored as "grace"; stored: ada\./);
  assert.match(result.stderr, /oauth-login switch demo --account ada/);
  assert.equal(await defaultAccount(env), 'ada');
  const none = await cli(['switch', 'github', '--account', 'ada'], env);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /No login of github is stored/);
});

test('login --prompt, --login-hint and --param reach the provider on the authorization request', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  await login(env, 'ada');
  const before = requests.length;
  // A stored login that still works is not reused: these flags ask for a new sign-in.
  const flags = ['--prompt', 'login', '--login-hint', 'grace@example.test', '--param', 'ui_locales=fr'];
  await login(env, 'grace', flags);
  const seen = requests.slice(before);
  assert.equal(seen.length, 1);
  const [request] = seen as [Record<string, string | undefined>];
  assert.deepEqual([request.prompt, request.login_hint, request.ui_locales], ['login', 'grace@example.test', 'fr']);
});

test('login --param refuses the protocol’s own parameters, naming the one given, before any browser opens', async () => {
  for (const [param, named] of [
    ['state=x', /"state" is set by oauth-login itself/],
    ['code_challenge=x', /"code_challenge" is set by oauth-login itself/],
    ['scope=openid', /"scope" .*use --scope/],
    ['novalue', /expected key=value/],
  ] as const) {
    const result = await cli(['login', 'demo', '--issuer', e.idp.issuer, '--param', param], dataHome());
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, named);
    assert.match(result.stderr, /--param/);
  }
});

test('login --add-scope asks for the stored scope plus the new ones; a step-up that fails leaves the login as it was', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  await login(env, 'ada', ['--scope', 'openid offline_access']);
  const scopeOf = async () => (JSON.parse((await cli(['status', '--json'], env)).stdout)[0] as { scope: string }).scope;
  assert.equal(await scopeOf(), 'openid offline_access');

  // Nobody signs in this time: the step-up times out (exit 3) and the stored login keeps its scope and tokens.
  const token = (await cli(['token', 'demo'], env)).stdout;
  const failed = await cli(
    [
      'login',
      'demo',
      '--issuer',
      e.idp.issuer,
      '--add-scope',
      'email',
      '--no-browser',
      '--timeout',
      '2',
      '--port',
      '0',
    ],
    env,
  );
  assert.equal(failed.code, 3, failed.stderr);
  assert.equal(await scopeOf(), 'openid offline_access');
  assert.equal((await cli(['token', 'demo'], env)).stdout, token);

  const before = requests.length;
  await login(env, 'ada', ['--add-scope', 'email']);
  assert.equal(requests.slice(before).at(-1)?.scope, 'openid offline_access email', 'asked of the provider');
  assert.equal(await scopeOf(), 'openid offline_access email');
  assert.notEqual((await cli(['token', 'demo'], env)).stdout, token, 'the login was replaced');
  const rows = JSON.parse((await cli(['status', '--json'], env)).stdout) as { account: string }[];
  assert.deepEqual(
    rows.map((r) => r.account),
    ['ada'],
    'replaced under its account, though the new scope reveals an e-mail',
  );
});
