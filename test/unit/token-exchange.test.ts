// Token exchange (RFC 8693) and client assertions (RFC 7523 §2.2) with a CI job's OIDC token, in-process against the
// strict fakes of test/support/providers/token-exchange.ts: the exact request parameters, what is stored (the
// source, never the token), renewal with a fresh token, and every refusal named with its HTTP status.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { type LoginOptions, runLogin } from '../../src/commands/login.js';
import { runToken } from '../../src/commands/token.js';
import { findLogin } from '../../src/logins/service.js';
import { sandbox } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';
import { fakeNetwork } from '../support/providers/network.js';
import {
  ACCESS_TYPE,
  ASSERTION_TYPE,
  CI_CLIENT,
  ciAndExchange,
  EXCHANGE_GRANT,
  JWT_TYPE,
  STS_AUDIENCE,
} from '../support/providers/token-exchange.js';

const ORIGIN = 'https://sts.corp.test';

async function setup(t: TestContext, extraEnv: NodeJS.ProcessEnv = {}) {
  const fake = await ciAndExchange(ORIGIN, { ttl: 600 });
  const net = fakeNetwork(fake.routes);
  t.after(() => net.restore());
  const box = sandbox(t, { ...fake.actionsEnv, ...extraEnv });
  const dir = join(box.env.XDG_CONFIG_HOME as string, 'oauth-login');
  mkdirSync(dir, { recursive: true });
  const entry = { protocol: 'oauth2', issuer: ORIGIN, client_id: CI_CLIENT, subject_audience: STS_AUDIENCE };
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ providers: { corp: entry } }));
  return { fake, net, box };
}

const exchange = (over: Partial<LoginOptions> = {}): LoginOptions => ({
  flow: 'token-exchange',
  subjectTokenFrom: 'github-actions',
  timeout: 30,
  json: true,
  ...over,
});
const token = (env: NodeJS.ProcessEnv, minTtl = 0) => {
  const io = recordingIo(env);
  return runToken('corp', { minTtl, format: 'raw' }, io).then(() => io.stdout.join(''));
};
/** Everything on disk under the data directory: the index and the file store. */
const stored = (env: NodeJS.ProcessEnv) => {
  const dir = join(env.XDG_DATA_HOME as string, 'oauth-login');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
};

test('token exchange from GitHub Actions: the CI token asked with the bearer and audience, RFC 8693 parameters sent', async (t) => {
  const { fake, net, box } = await setup(t);
  const io = recordingIo(box.env);
  const resource = ['https://api.corp.test/', 'https://deploy.corp.test/'];
  await runLogin('corp', exchange({ audience: 'deploy-api', resource, scope: 'deploy' }), io);
  assert.deepEqual(fake.ciAudiences, [STS_AUDIENCE], 'the configured subject_audience');
  const [request] = fake.exchanges;
  const body = request?.body as URLSearchParams;
  assert.deepEqual([...new Set(body.keys())].sort(), [
    'audience',
    'client_id',
    'grant_type',
    'requested_token_type',
    'resource',
    'scope',
    'subject_token',
    'subject_token_type',
  ]);
  assert.deepEqual(
    [body.get('grant_type'), body.get('subject_token_type'), body.get('requested_token_type')],
    [EXCHANGE_GRANT, JWT_TYPE, ACCESS_TYPE],
  );
  assert.deepEqual(
    [body.get('audience'), body.getAll('resource'), body.get('scope')],
    ['deploy-api', resource, 'deploy'],
  );
  assert.ok(fake.secrets.has(body.get('subject_token') as string), 'the JWT GitHub Actions issued');
  const out = JSON.parse(io.stdout.join(''));
  assert.deepEqual([out.flow, out.account, out.scope], ['token-exchange', CI_CLIENT, 'deploy']);
  assert.match(io.stderrText(), /Got a token-exchange token from corp for client ci-app/);
  const login = findLogin(box.logins, 'corp');
  assert.deepEqual([login?.kind, login?.kind === 'machine' && login.flow], ['machine', 'token-exchange']);
  assert.deepEqual(login?.kind === 'machine' && login.grant.subject, {
    source: { kind: 'ci', ci: 'github-actions', audience: STS_AUDIENCE },
    token_type: JWT_TYPE,
  });
  const disk = stored(box.env);
  for (const secret of fake.secrets) {
    if (secret !== fake.issued[0]) assert.ok(!disk.includes(secret), 'no CI token or request token is stored');
  }
  assert.ok(net.hosts().every((host) => host === 'sts.corp.test'));
});

test('a subject token for another audience is refused: the server error with its HTTP status, nothing stored', async (t) => {
  const { fake, box } = await setup(t);
  const io = recordingIo(box.env);
  await assert.rejects(runLogin('corp', exchange({ subjectAudience: 'https://other.corp.test' }), io), {
    code: 'provider_error',
    // The server's words, then what to check: not the generic hint about client secrets and redirect URIs.
    message: /refused the token exchange: invalid_grant \(HTTP 400\): the subject token is invalid/,
    hint: /^The server did not accept the subject token from the GitHub Actions OIDC token: check the audience/,
  });
  assert.deepEqual(fake.ciAudiences, ['https://other.corp.test'], '--subject-audience wins over the config');
  assert.equal(findLogin(box.logins, 'corp'), undefined);
});

test('a refused subject token from a file: the hint names no --subject-audience (a usage error for a file)', async (t) => {
  const { fake, box } = await setup(t);
  const file = join(box.env.HOME as string, 'other-aud.jwt');
  writeFileSync(file, await fake.ciToken('https://other.corp.test'));
  const options = exchange({ subjectTokenFrom: undefined, subjectTokenFile: file });
  await assert.rejects(runLogin('corp', options, recordingIo(box.env)), (err: Error & { hint?: string }) => {
    assert.match(err.message, /invalid_grant \(HTTP 400\)/);
    assert.equal(
      err.hint,
      `The server did not accept the subject token from the file ${file}: check the audience it was issued for, that the server trusts its issuer, and that it has not expired.`,
    );
    return true;
  });
});

test('renewal: `token` exchanges again with a fresh GitHub Actions token and stores the new access token', async (t) => {
  const { fake, box } = await setup(t);
  await runLogin('corp', exchange(), recordingIo(box.env));
  assert.equal(await token(box.env), fake.issued[0], 'fresh: the stored token, no request');
  assert.equal(fake.exchanges.length, 1);
  const renewed = await token(box.env, 900);
  assert.equal(renewed, fake.issued[1]);
  assert.equal(fake.exchanges.length, 2);
  const [first, second] = fake.exchanges.map((r) => r.body.get('subject_token'));
  assert.notEqual(first, second, 'a fresh subject token');
  assert.equal(await token(box.env), renewed, 'the new one was stored');
});

test('a subject token from a file is read again at each renewal; one from a variable names it when unset', async (t) => {
  const { fake, box } = await setup(t);
  const file = join(box.env.HOME as string, 'ci-token.jwt');
  writeFileSync(file, `${await fake.ciToken(STS_AUDIENCE)}\n`);
  await runLogin('corp', exchange({ subjectTokenFrom: undefined, subjectTokenFile: file }), recordingIo(box.env));
  writeFileSync(file, await fake.ciToken(STS_AUDIENCE));
  assert.equal(await token(box.env, 900), fake.issued[1]);
  const env = { ...box.env, GITLAB_OIDC_TOKEN: await fake.ciToken(STS_AUDIENCE) };
  await runLogin(
    'corp',
    exchange({ subjectTokenFrom: undefined, subjectTokenEnv: 'GITLAB_OIDC_TOKEN', force: true }),
    recordingIo(env),
  );
  assert.equal(fake.exchanges.at(-1)?.body.get('subject_token'), env.GITLAB_OIDC_TOKEN);
  await assert.rejects(token({ ...box.env, GITLAB_OIDC_TOKEN: '' }, 900), {
    code: 'token_source_unreadable',
    message: 'The environment variable GITLAB_OIDC_TOKEN is not set or empty.',
  });
});

test('without the GitHub Actions variables: which are missing and the permission to add', async (t) => {
  const { box } = await setup(t, { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' });
  await assert.rejects(runLogin('corp', exchange(), recordingIo(box.env)), (err: Error & { hint?: string }) => {
    assert.match(err.message, /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN not set/);
    assert.match(err.hint ?? '', /permissions: id-token: write/);
    return true;
  });
});

test('a request token GitHub refuses names the HTTP status', async (t) => {
  const { box } = await setup(t, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' });
  await assert.rejects(runLogin('corp', exchange(), recordingIo(box.env)), {
    code: 'ci_token_refused',
    message: /GitHub Actions refused the OIDC token request \(HTTP 401\): Bad credentials/,
  });
});

test('client credentials with the CI token as the client assertion (RFC 7523 §2.2), renewed with a fresh one', async (t) => {
  const { fake, net, box } = await setup(t);
  const flags = {
    flow: 'client-credentials' as const,
    subjectTokenFrom: undefined,
    clientAssertionFrom: 'github-actions' as const,
  };
  await runLogin('corp', exchange({ ...flags, scope: 'deploy' }), recordingIo(box.env));
  const [first] = net.to('/token');
  assert.deepEqual(
    [first?.body.get('grant_type'), first?.body.get('client_assertion_type'), first?.body.get('client_id')],
    ['client_credentials', ASSERTION_TYPE, CI_CLIENT],
  );
  assert.equal(first?.headers.get('authorization'), null, 'no secret, no Basic');
  assert.equal(await token(box.env, 900), fake.issued[1], 'a second assertion was accepted: a fresh jti');
});

test('a client secret together with an assertion is refused before any request', async (t) => {
  const { net, box } = await setup(t, { OAUTH_LOGIN_CORP_CLIENT_SECRET: 's3cret' });
  const flags = {
    flow: 'client-credentials' as const,
    subjectTokenFrom: undefined,
    clientAssertionFrom: 'github-actions' as const,
  };
  await assert.rejects(runLogin('corp', exchange(flags), recordingIo(box.env)), {
    code: 'usage',
    message: /A client secret and a client assertion were both given/,
  });
  assert.equal(net.to('/token').length, 0);
});

test('source flags are checked: one source, only with their flow, a variable name and not a token', async (t) => {
  const { box } = await setup(t);
  const run = (over: Partial<LoginOptions>) => runLogin('corp', exchange(over), recordingIo(box.env));
  await assert.rejects(run({ subjectTokenEnv: 'CI_TOKEN' }), { message: /Give one of --subject-token-file/ });
  await assert.rejects(run({ flow: 'client-credentials' }), { message: /apply only to --flow token-exchange/ });
  await assert.rejects(run({ subjectTokenFrom: undefined }), { message: /needs a subject token/ });
  await assert.rejects(
    run({ subjectTokenFrom: undefined, subjectTokenEnv: 'eyJhbGciOi.eyJzdWIi.sig' }),
    (err: Error) => {
      assert.match(err.message, /takes a variable name/);
      assert.ok(!err.message.includes('eyJ'), 'the mistaken value is not echoed');
      return true;
    },
  );
});

test('a subject token piped once to stdin cannot renew: needs login (exit 4)', async (t) => {
  const { fake, box } = await setup(t);
  const stdinToken = await fake.ciToken(STS_AUDIENCE);
  await runLogin(
    'corp',
    exchange({ subjectTokenFrom: undefined, subjectTokenStdin: true, stdinToken }),
    recordingIo(box.env),
  );
  assert.equal(fake.exchanges[0]?.body.get('subject_token'), stdinToken);
  await assert.rejects(token(box.env, 900), {
    code: 'needs_login',
    exitCode: 4,
    message: /standard input/,
    // The hint signs in again as the login was made: a token exchange cannot run without its source.
    hint: /^Run: oauth-login login corp --flow token-exchange --subject-token-stdin/,
  });
});
