// What a newcomer meets when a command cannot do what was asked, as the process shows it: the exit code and the
// exact stderr (README "token", "logout", "login", "Environment"). No provider is needed: each stops before one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLogins, saveLogin } from '../../src/logins/service.js';
import type { PersonLogin } from '../../src/logins/types.js';
import { FileStore } from '../../src/store/file.js';
import { runCli } from '../support/cli.js';
import { dataHome } from '../support/e2e.js';

/** A data home holding github (alice) and google (bob@x), in the file store, as `login --store file` leaves them. */
async function twoStored(): Promise<NodeJS.ProcessEnv> {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const logins = openLogins(env);
  for (const [provider, account] of [
    ['github', 'alice'],
    ['google', 'bob@x'],
  ] as const) {
    const login: PersonLogin = {
      kind: 'person',
      flow: 'auth-code',
      provider,
      account,
      store: 'file',
      client_id: 'c',
      token_endpoint: 'https://op.example/token',
      updated_at: new Date().toISOString(),
      profile: { id: account },
    };
    await saveLogin(logins, new FileStore(logins.dir), login, { tokens: { access_token: 'at', token_type: 'bearer' } });
  }
  return env;
}

test('token of a provider with no login: exit 4, naming what is stored and how to log in', async () => {
  const { code, stdout, stderr } = await runCli(['token', 'gitlab'], await twoStored()).done;
  assert.equal(code, 4);
  assert.equal(stdout, '');
  assert.equal(
    stderr,
    '✗ No login for "gitlab". Stored: github (alice), google (bob@x).\n  Run: oauth-login login gitlab\n',
  );
});

test('logout with nothing stored: "Not logged in to github", exit 1', async () => {
  const { code, stderr } = await runCli(['logout', 'github'], { ...dataHome(), OAUTH_LOGIN_STORE: 'file' }).done;
  assert.equal(code, 1);
  assert.equal(stderr, '✗ Not logged in to github.\n  Run: oauth-login login github\n');
});

test('logout of an account that is not stored: exit 1, naming the accounts there are', async () => {
  const { code, stderr } = await runCli(['logout', 'github', '--account', 'carol'], await twoStored()).done;
  assert.equal(code, 1);
  assert.equal(
    stderr,
    '✗ No login for github (carol). Stored: github (alice), google (bob@x).\n' +
      '  Pass --account alice, or to sign in again: oauth-login login github --account carol\n',
  );
});

test('--show-tokens without --json is an error before anything starts', async () => {
  const { code, stderr } = await runCli(
    ['login', 'oidc', '--issuer', 'http://127.0.0.1:9', '--client-id', 'c', '--show-tokens'],
    dataHome(),
  ).done;
  assert.equal(code, 1);
  assert.equal(stderr, '✗ --show-tokens applies only with --json: tokens are never printed as text.\n  Add --json.\n');
});

test('OAUTH_LOGIN_HTTP_TIMEOUT_MS=abc is an error naming the variable and the form it takes', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_HTTP_TIMEOUT_MS: 'abc' };
  const { code, stderr } = await runCli(['login', 'oidc', '--issuer', 'http://127.0.0.1:9', '--client-id', 'c'], env)
    .done;
  assert.equal(code, 1);
  assert.equal(
    stderr,
    '✗ OAUTH_LOGIN_HTTP_TIMEOUT_MS="abc" is not a timeout: it must be a whole number of milliseconds from 1 to 600000.\n' +
      '  Set it to e.g. 30000 (the default), or unset it.\n',
  );
});
