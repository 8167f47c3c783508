// Secretless CI, end to end: the built CLI as a process in a job that looks like GitHub Actions
// (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN pointing at the fake token service on 127.0.0.1), trading the job's OIDC token
// at oidc-provider, which takes the token-exchange grant through its registerGrantType hook and checks the JWT against
// the fake's JWKS; `token` after the access token expired exchanges a fresh one. The client-assertion test runs
// against the strict RFC 7523 fake (oidc-provider takes only assertions a client signed itself). Nothing secret is
// printed or stored: every token the fakes issued or were given is searched for in all output and on disk.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, transcript } from '../support/cli.js';
import { exchangeIdp } from '../support/exchange-idp.js';
import { CI_CLIENT, ciAndExchange, STS_AUDIENCE, serveRoutes } from '../support/providers/token-exchange.js';
import { tempDir } from '../support/tmp.js';

// Issued tokens live 10 minutes: `token --min-ttl 900` finds one expiring, with no waiting.
const TTL = 600;
let fake: Awaited<ReturnType<typeof ciAndExchange>>;
let server: Awaited<ReturnType<typeof serveRoutes>>;
let idp: Awaited<ReturnType<typeof exchangeIdp>>;
let config: string;

before(async () => {
  console.info = () => {}; // oidc-provider's development notices
  server = await serveRoutes(async (origin) => {
    fake = await ciAndExchange(origin, { ttl: TTL });
    return fake.routes;
  });
  idp = await exchangeIdp({ issuer: fake.ciIssuer, jwksUri: `${fake.ciIssuer}/.well-known/jwks` }, { ttl: TTL });
  config = join(tempDir('oauth-login-config-'), 'config.json');
  const client = { client_id: CI_CLIENT, subject_audience: STS_AUDIENCE };
  const strict = { protocol: 'oauth2', issuer: server.origin, ...client };
  const pipeline = { issuer: idp.issuer, ...client, flow: 'token-exchange', subject_token_from: 'github-actions' };
  const providers = { corp: { issuer: idp.issuer, ...client }, strict, pipeline: { ...pipeline, scope: 'deploy' } };
  writeFileSync(config, JSON.stringify({ providers }));
});

after(async () => {
  await idp?.close();
  await server?.close();
  const issued = new Set([...fake.issued, ...idp.exchanges.map((e) => e.accessToken)]);
  const leaked = [...(fake?.secrets ?? [])].filter((s) => !issued.has(s) && transcript.join('').includes(s));
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
const noCiTokenOnDisk = (env: NodeJS.ProcessEnv) => {
  const disk = onDisk(env);
  return ![...fake.secrets].some((s) => disk.includes(s));
};

test('login --flow token-exchange --subject-token-from github-actions, then token re-exchanges when it expires', async () => {
  const env = jobEnv();
  const args = ['login', 'corp', '--flow', 'token-exchange', '--subject-token-from', 'github-actions'];
  const login = await cli([...args, '--audience', 'deploy-api', '--scope', 'deploy', '--json', '--show-tokens'], env);
  assert.equal(login.code, 0, login.stderr);
  const out = JSON.parse(login.stdout);
  const [first] = idp.exchanges.slice(-1);
  assert.deepEqual(
    [out.flow, out.account, out.scope, out.access_token, first?.audience, first?.sub],
    ['token-exchange', CI_CLIENT, 'deploy', first?.accessToken, 'deploy-api', 'repo:octo-org/app:ref:refs/heads/main'],
  );
  assert.ok(await idp.provider.ClientCredentials.find(out.access_token), "one of oidc-provider's own tokens");
  assert.match(login.stderr, /✓ Got a token-exchange token from corp for client ci-app \(tokens: private file\)/);
  assert.equal(fake.ciAudiences.at(-1), STS_AUDIENCE);
  const exchanges = idp.exchanges.length;
  const fresh = await cli(['token', 'corp', '--min-ttl', '0'], env);
  assert.equal(fresh.stdout, `${out.access_token}\n`, 'still valid: the stored token');
  assert.equal(idp.exchanges.length, exchanges);
  const renewed = await cli(['token', 'corp', '--min-ttl', '900'], env);
  assert.equal(renewed.code, 0, renewed.stderr);
  const second = idp.exchanges.at(-1);
  assert.equal(renewed.stdout, `${second?.accessToken}\n`);
  assert.equal(idp.exchanges.length, exchanges + 1, 'one more exchange');
  assert.notEqual(first?.subjectToken, second?.subjectToken, 'with a fresh CI token (the server refuses a jti twice)');
  assert.ok(noCiTokenOnDisk(env), 'no CI token stored');
  assert.match(onDisk(env), /"flow": "token-exchange"/);
});

test('a CI token for another audience: oidc-provider refuses the exchange (invalid_grant, HTTP 400), nothing stored', async () => {
  const env = jobEnv();
  const args = ['login', 'corp', '--flow', 'token-exchange', '--subject-token-from', 'github-actions'];
  const run = await cli([...args, '--subject-audience', 'https://elsewhere.test'], env);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /refused the token exchange: invalid_grant \(HTTP 400\)/);
  assert.match(run.stderr, /HTTP 400\): the subject token is invalid: unexpected "aud" claim value/);
  assert.match(run.stderr, /check the audience it was issued for \(--subject-audience or "subject_audience"\)/);
  const status = await cli(['status'], env);
  assert.equal(status.code, 4, 'nothing stored');
});

test('`token pipeline` with only the config file: it logs in by itself, stores the login and reuses it', async () => {
  const env = jobEnv();
  const first = await cli(['token', 'pipeline'], env);
  assert.equal(first.code, 0, first.stderr);
  const exchange = idp.exchanges.at(-1);
  assert.equal(first.stdout, `${exchange?.accessToken}\n`);
  assert.equal(exchange?.scope, 'deploy', 'the scope from the config');
  assert.match(first.stderr, /Not logged in to pipeline\. Logging in with its configured token-exchange flow\./);
  assert.match(first.stderr, /✓ Got a token-exchange token from pipeline for client ci-app \(tokens: private file\)/);
  const count = idp.exchanges.length;
  const again = await cli(['token', 'pipeline'], env);
  assert.deepEqual([again.code, again.stdout, again.stderr], [0, first.stdout, ''], 'the stored token, silently');
  assert.equal(idp.exchanges.length, count);
  assert.ok(noCiTokenOnDisk(env));
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
  const args = ['login', 'strict', '--flow', 'client-credentials', '--client-assertion-from', 'github-actions'];
  const login = await cli([...args, '--json'], env);
  assert.equal(login.code, 0, login.stderr);
  assert.equal(JSON.parse(login.stdout).flow, 'client-credentials');
  assert.equal(fake.issued.length, issued + 1, 'the server accepted the assertion');
  assert.equal(fake.exchanges.length, exchanges, 'no exchange: a client_credentials grant');
});
