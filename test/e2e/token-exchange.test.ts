// Secretless CI, end to end: the built CLI as a process in a job that looks like GitHub Actions
// (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN pointing at the fake token service on 127.0.0.1), trading the job's OIDC token
// at a strict RFC 8693 server; `token` after the access token expired exchanges a fresh one. Nothing secret is
// printed or stored: every token the fakes issued or were given is searched for in all output and on disk.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli, transcript } from '../support/cli.js';
import { CI_CLIENT, ciAndExchange, STS_AUDIENCE, serveRoutes } from '../support/providers/token-exchange.js';
import { tempDir } from '../support/tmp.js';

const TTL = 2;
let fake: Awaited<ReturnType<typeof ciAndExchange>>;
let server: Awaited<ReturnType<typeof serveRoutes>>;
let config: string;

before(async () => {
  server = await serveRoutes(async (origin) => {
    fake = await ciAndExchange(origin, { ttl: TTL });
    return fake.routes;
  });
  config = join(tempDir('oauth-login-config-'), 'config.json');
  const entry = { protocol: 'oauth2', issuer: server.origin, client_id: CI_CLIENT, subject_audience: STS_AUDIENCE };
  writeFileSync(config, JSON.stringify({ providers: { corp: entry } }));
});

after(async () => {
  await server?.close();
  const leaked = [...(fake?.secrets ?? [])].filter((s) => !fake.issued.includes(s) && transcript.join('').includes(s));
  assert.deepEqual(leaked, [], 'no CI token or request token is ever printed');
});

const jobEnv = (): NodeJS.ProcessEnv => ({
  CI: 'true',
  XDG_DATA_HOME: tempDir('oauth-login-data-'),
  OAUTH_LOGIN_STORE: 'file',
  OAUTH_LOGIN_CONFIG: config,
  ...fake.actionsEnv,
});
const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, env).done;
const onDisk = (env: NodeJS.ProcessEnv) => {
  const dir = join(env.XDG_DATA_HOME as string, 'oauth-login');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
};

test('login --flow token-exchange --subject-token-from github-actions, then token re-exchanges after expiry', async () => {
  const env = jobEnv();
  const args = ['login', 'corp', '--flow', 'token-exchange', '--subject-token-from', 'github-actions'];
  const login = await cli([...args, '--audience', 'deploy-api', '--scope', 'deploy', '--json', '--show-tokens'], env);
  assert.equal(login.code, 0, login.stderr);
  const out = JSON.parse(login.stdout);
  assert.deepEqual(
    [out.flow, out.account, out.scope, out.access_token],
    ['token-exchange', CI_CLIENT, 'deploy', fake.issued[0]],
  );
  assert.match(login.stderr, /✓ Got a token-exchange token from corp for client ci-app \(tokens: private file\)/);
  assert.deepEqual(fake.ciAudiences, [STS_AUDIENCE]);
  const fresh = await cli(['token', 'corp', '--min-ttl', '0'], env);
  assert.equal(fresh.stdout, `${fake.issued[0]}\n`, 'still valid: the stored token');
  assert.equal(fake.exchanges.length, 1);
  await sleep(TTL * 1000 + 500);
  const renewed = await cli(['token', 'corp', '--min-ttl', '0'], env);
  assert.equal(renewed.code, 0, renewed.stderr);
  assert.equal(renewed.stdout, `${fake.issued[1]}\n`);
  assert.equal(fake.exchanges.length, 2, 'one more exchange');
  const [first, second] = fake.exchanges.map((r) => r.body.get('subject_token'));
  assert.notEqual(first, second, 'with a fresh CI token (the server refuses a jti twice)');
  const disk = onDisk(env);
  assert.ok(![...fake.secrets].some((s) => !fake.issued.includes(s) && disk.includes(s)), 'no CI token stored');
  assert.match(disk, /"flow": "token-exchange"/);
});

test('outside GitHub Actions, the login names the missing variables and what to use instead (exit 1)', async () => {
  const env = { ...jobEnv(), GITHUB_ACTIONS: '', ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' };
  const run = await cli(['login', 'corp', '--flow', 'token-exchange', '--subject-token-from', 'github-actions'], env);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN not set/);
  assert.match(run.stderr, /--subject-token-file or --subject-token-env/);
});

test('client credentials with the job token as client assertion: no secret anywhere', async () => {
  const env = jobEnv();
  const exchanges = fake.exchanges.length;
  const issued = fake.issued.length;
  const args = ['login', 'corp', '--flow', 'client-credentials', '--client-assertion-from', 'github-actions', '--json'];
  const login = await cli(args, env);
  assert.equal(login.code, 0, login.stderr);
  assert.equal(JSON.parse(login.stdout).flow, 'client-credentials');
  assert.equal(fake.issued.length, issued + 1, 'the server accepted the assertion');
  assert.equal(fake.exchanges.length, exchanges, 'no exchange: a client_credentials grant');
});
