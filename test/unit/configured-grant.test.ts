// A machine login from the config file alone: "flow", the token sources, audience and resource in a provider entry
// stand for the login flags, so that `token corp` in a pipeline logs in by itself with nothing stored. Flags win; a
// key that cannot apply to the flow is an error naming it.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { signIn } from '../../src/cli/sign-in.js';
import { runLogin } from '../../src/commands/login.js';
import { runToken } from '../../src/commands/token.js';
import { type ConfigurableOptions, configuredOptions } from '../../src/flows/configured-grant.js';
import type { FlowName } from '../../src/kinds.js';
import { type MachineKeys, validateConfig } from '../../src/providers/config.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { findLogin } from '../../src/logins/service.js';
import { sandbox } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';
import { fakeNetwork } from '../support/providers/network.js';
import { CI_CLIENT, ciAndExchange, JWT_TYPE, STS_AUDIENCE } from '../support/providers/token-exchange.js';

const ORIGIN = 'https://sts.corp.test';
const config = (corp: object) => ({ path: '/etc/ci/config.json', providers: { corp } });
const opts = (o: ConfigurableOptions & { timeout?: number }) => o;

test('config keys fill the login flags: flow, sources, audience, resource; files relative to the config file', () => {
  const entry = {
    flow: 'token-exchange',
    subject_token_file: 'jobs/token.jwt',
    subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
    client_assertion_env: 'CI_ASSERTION',
    audience: 'deploy-api',
    resource: 'https://api.corp.test/',
  };
  assert.deepEqual(configuredOptions('corp', opts({ timeout: 30 }), config(entry)), {
    timeout: 30,
    flow: 'token-exchange',
    subjectTokenFile: '/etc/ci/jobs/token.jwt',
    subjectTokenEnv: undefined,
    subjectTokenFrom: undefined,
    subjectTokenType: 'urn:ietf:params:oauth:token-type:id_token',
    clientAssertionFile: undefined,
    clientAssertionEnv: 'CI_ASSERTION',
    clientAssertionFrom: undefined,
    audience: 'deploy-api',
    resource: ['https://api.corp.test/'],
  });
  assert.equal(
    configuredOptions('other', opts({ timeout: 30 }), config(entry)).flow,
    undefined,
    'another entry: nothing',
  );
});

test('flags win: --flow, a source flag of the same kind, --audience and --resource replace their keys', () => {
  const entry = {
    flow: 'token-exchange',
    subject_token_from: 'github-actions',
    audience: 'a',
    resource: ['https://r/'],
  };
  const flags = { subjectTokenEnv: 'GITLAB_TOKEN', audience: 'b', resource: ['https://s/'] };
  const out = configuredOptions('corp', opts(flags), config(entry));
  assert.deepEqual(
    [out.flow, out.subjectTokenEnv, out.subjectTokenFrom, out.audience, out.resource],
    ['token-exchange', 'GITLAB_TOKEN', undefined, 'b', ['https://s/']],
  );
  const stdin = configuredOptions('corp', opts({ subjectTokenStdin: true }), config(entry));
  assert.equal(stdin.subjectTokenFrom, undefined, '--subject-token-stdin is a source flag too');
});

test('a key that cannot apply to the flow is an error naming the key, the entry and the flows it is for', () => {
  const cases: [MachineKeys & { subject_audience?: string }, FlowName | undefined, RegExp][] = [
    [
      { flow: 'client-credentials', subject_token_from: 'github-actions' },
      undefined,
      /"subject_token_from".*client-credentials flow/,
    ],
    [
      { subject_token_env: 'X' },
      undefined,
      /"subject_token_env" under providers\.corp in \/etc\/ci\/config\.json does not apply to the browser flow/,
    ],
    [{ audience: 'api' }, 'device', /"audience" .* device flow/],
    [{ client_assertion_file: 'a.jwt' }, 'auth-code', /"client_assertion_file"/],
    [{ subject_audience: 'sts' }, undefined, /"subject_audience"/],
  ];
  for (const [entry, flow, message] of cases) {
    assert.throws(
      () => configuredOptions('corp', flow ? { flow } : {}, config(entry)),
      (err: Error & { code: string; hint: string }) => {
        assert.equal(err.code, 'config_invalid');
        assert.match(err.message, message);
        assert.match(err.hint, /--flow (token-exchange|client-credentials)/);
        return true;
      },
    );
  }
  // --flow on the command line wins over "flow", and the keys are checked against it.
  assert.throws(
    () =>
      configuredOptions(
        'corp',
        { flow: 'client-credentials' },
        config({ flow: 'token-exchange', subject_token_from: 'github-actions' }),
      ),
    /"subject_token_from".*client-credentials flow/,
  );
});

test('"subject_audience" where no CI token is read is an error naming the key and file, never dropped', () => {
  const cases: [Record<string, unknown>, ConfigurableOptions][] = [
    [{ flow: 'token-exchange', subject_token_env: 'OIDC_TOKEN', subject_audience: 'sts' }, {}],
    [{ flow: 'token-exchange', subject_token_file: 'job.jwt', subject_audience: 'sts' }, {}],
    [{ flow: 'client-credentials', subject_audience: 'sts' }, {}],
    // A source flag replaced the entry's CI source: the audience has nothing left to apply to.
    [
      { flow: 'token-exchange', subject_token_from: 'github-actions', subject_audience: 'sts' },
      { subjectTokenFile: 't' },
    ],
  ];
  for (const [entry, flags] of cases) {
    assert.throws(() => configuredOptions('corp', flags, config(entry)), {
      code: 'config_invalid',
      message: /"subject_audience" under providers\.corp in \/etc\/ci\/config\.json applies only to a token from a CI/,
    });
  }
  const ci = { flow: 'token-exchange', subject_token_from: 'github-actions', subject_audience: 'sts' };
  assert.equal(configuredOptions('corp', opts({}), config(ci)).subjectAudience, 'sts');
  const assertion = { flow: 'client-credentials', client_assertion_from: 'github-actions', subject_audience: 'sts' };
  assert.equal(configuredOptions('corp', opts({}), config(assertion)).subjectAudience, 'sts');
  const flag = configuredOptions('corp', { subjectAudience: 'other' }, config(ci));
  assert.equal(flag.subjectAudience, 'other', '--subject-audience wins over the key');
});

test('two sources of the same kind in one entry are an error naming both keys', () => {
  const entry = { flow: 'token-exchange', subject_token_file: 't.jwt', subject_token_env: 'T' };
  assert.throws(() => configuredOptions('corp', {}, config(entry)), {
    code: 'config_invalid',
    message: /"subject_token_file" and "subject_token_env" under providers\.corp .* name two token sources/,
  });
});

test('the config file checks each machine key: a flow, a CI, a variable name, URIs', () => {
  const bad: [string, unknown, RegExp][] = [
    ['flow', 'magic', /"providers\.corp\.flow" must be one of "auth-code", "device"/],
    ['subject_token_from', 'gitlab', /must be one of "github-actions"/],
    ['subject_token_env', '$TOKEN', /must be a variable name/],
    ['client_assertion_env', 'eyJ.a.b', /must be a variable name/],
    ['subject_token_type', 'jwt', /must be an absolute URI/],
    ['resource', ['https://a/', 'not a uri'], /must be an absolute URI without #, or a list of them/],
    ['audience', '', /must be a non-empty string/],
  ];
  for (const [key, value, message] of bad)
    assert.throws(() => validateConfig('/c.json', { providers: { corp: { [key]: value } } }), message);
  const good = { flow: 'client-credentials', client_assertion_from: 'github-actions', resource: ['https://a/'] };
  assert.doesNotThrow(() => validateConfig('/c.json', { providers: { corp: good } }));
});

test('machine keys stay login flags: "resource" never becomes the settings of a resource URL login', () => {
  const entry = { protocol: 'oauth2', issuer: ORIGIN, client_id: CI_CLIENT, resource: 'https://api/', flow: 'device' };
  const { settings } = resolveProvider('corp', config(entry), {}, {});
  assert.deepEqual([settings.resource, 'flow' in settings], [undefined, false]);
});

async function pipeline(t: TestContext, entry: Record<string, unknown>) {
  const fake = await ciAndExchange(ORIGIN, { ttl: 600 });
  const net = fakeNetwork(fake.routes);
  t.after(() => net.restore());
  const box = sandbox(t, fake.actionsEnv);
  const dir = join(box.env.XDG_CONFIG_HOME as string, 'oauth-login');
  mkdirSync(dir, { recursive: true });
  const corp = { protocol: 'oauth2', issuer: ORIGIN, client_id: CI_CLIENT, ...entry };
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ providers: { corp } }));
  const token = async (minTtl = 0) => {
    const io = recordingIo(box.env);
    await runToken('corp', { minTtl, format: 'raw' }, io, signIn);
    return { token: io.stdout.join(''), stderr: io.stderrText() };
  };
  return { fake, box, token };
}

test('`token corp` with only a config file: the token exchange runs, is stored, reused, and re-run on expiry', async (t) => {
  const entry = {
    flow: 'token-exchange',
    subject_token_from: 'github-actions',
    subject_audience: STS_AUDIENCE,
    audience: 'deploy-api',
    scope: 'deploy',
  };
  const { fake, box, token } = await pipeline(t, entry);
  const first = await token();
  assert.equal(first.token, fake.issued[0]);
  assert.match(first.stderr, /Not logged in to corp\. Logging in with its configured token-exchange flow\./);
  assert.match(first.stderr, /Got a token-exchange token from corp for client ci-app/);
  const [request] = fake.exchanges;
  assert.deepEqual(
    [request?.body.get('audience'), request?.body.get('scope'), request?.body.get('subject_token_type')],
    ['deploy-api', 'deploy', JWT_TYPE],
  );
  assert.deepEqual(fake.ciAudiences, [STS_AUDIENCE]);
  const login = findLogin(box.logins, 'corp');
  assert.deepEqual(login?.kind === 'machine' && login.grant.subject?.source, {
    kind: 'ci',
    ci: 'github-actions',
    audience: STS_AUDIENCE,
  });
  assert.deepEqual(await token(), { token: fake.issued[0], stderr: '' }, 'stored: no second login');
  assert.equal(fake.exchanges.length, 1);
  assert.equal((await token(900)).token, fake.issued[1], 'expiring: exchanged again from the stored source');
});

test('`token corp` with client credentials and the CI token as assertion, from the config alone', async (t) => {
  const entry = { flow: 'client-credentials', client_assertion_from: 'github-actions', subject_audience: STS_AUDIENCE };
  const { fake, token } = await pipeline(t, entry);
  assert.equal((await token()).token, fake.issued[0]);
  assert.equal(fake.exchanges.length, 0, 'a client_credentials grant, not an exchange');
});

test('one sign-in decision: kubectl may ask a person, yet a machine "flow" in --config logs in from that config', async (t) => {
  const entry = { flow: 'token-exchange', subject_token_from: 'github-actions', subject_audience: STS_AUDIENCE };
  const { fake, box } = await pipeline(t, entry);
  // The entry lives only in the file --config names: a sign-in that dropped it would find no "corp" to log in to.
  const config = join(box.env.HOME as string, 'pipeline.json');
  const corp = { protocol: 'oauth2', issuer: ORIGIN, client_id: CI_CLIENT, ...entry };
  writeFileSync(config, JSON.stringify({ providers: { corp } }));
  writeFileSync(join(box.env.XDG_CONFIG_HOME as string, 'oauth-login', 'config.json'), '{"providers": {}}');
  const spec = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: true } };
  const io = recordingIo({ ...box.env, KUBERNETES_EXEC_INFO: JSON.stringify(spec) });
  await runToken('corp', { minTtl: 0, format: 'exec-credential', config }, io, signIn);
  assert.match(io.stderrText(), /Not logged in to corp\. Logging in with its configured token-exchange flow\./);
  assert.doesNotMatch(io.stderrText(), /Signing in again/);
  assert.equal(JSON.parse(io.stdout.join('')).status.token, fake.issued[0]);
});

test('without a machine "flow" in the config, `token` with nothing stored still needs a login (exit 4)', async (t) => {
  const { fake, token } = await pipeline(t, {});
  await assert.rejects(token(), { code: 'needs_login', exitCode: 4, message: 'Not logged in to corp.' });
  assert.equal(fake.issued.length, 0);
});

test('`login corp` alone uses the configured flow and sources too', async (t) => {
  const { fake, box } = await pipeline(t, {
    flow: 'token-exchange',
    subject_token_from: 'github-actions',
    subject_audience: STS_AUDIENCE,
  });
  await runLogin('corp', { timeout: 30 }, recordingIo(box.env));
  assert.equal(fake.exchanges.length, 1);
  const reuse = recordingIo(box.env);
  await runLogin('corp', { timeout: 30 }, reuse);
  assert.match(reuse.stderrText(), /Already have a valid token-exchange token from corp/);
  assert.equal(fake.exchanges.length, 1, 'the same configured grant: reused');
});

test("docs/ci.md's recipes are config files the CLI takes: each entry validates, resolves and names its machine flow", () => {
  const text = readFileSync(new URL('../../docs/ci.md', import.meta.url), 'utf8');
  const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string));
  assert.equal(blocks.length, 3);
  const flows: Record<string, string | undefined> = {};
  for (const json of blocks) {
    const providers = validateConfig('/repo/.github/oauth-login.json', json);
    const file = { path: '/repo/.github/oauth-login.json', providers };
    for (const name of Object.keys(providers)) {
      const options = configuredOptions(name, opts({}), file);
      resolveProvider(name, file, {}, { flow: options.flow });
      flows[name] = options.flow;
    }
  }
  assert.deepEqual(flows, { gcp: 'token-exchange', azure: 'client-credentials', keycloak: 'token-exchange' });
});

test("docs/ci.md's Google and Azure recipes send the parameters their references name, from `token` alone", async (t) => {
  const text = readFileSync(new URL('../../docs/ci.md', import.meta.url), 'utf8');
  const [gcp, azure] = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string));
  const fake = await ciAndExchange(ORIGIN);
  const answer = () => Response.json({ access_token: 'federated', token_type: 'Bearer', expires_in: 3599 });
  const net = fakeNetwork({
    ...fake.routes,
    'https://sts.googleapis.com/v1/token': answer,
    'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token': answer,
  });
  t.after(() => net.restore());
  const box = sandbox(t, fake.actionsEnv);
  const dir = join(box.env.XDG_CONFIG_HOME as string, 'oauth-login');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ providers: { ...gcp.providers, ...azure.providers } }));
  for (const name of ['gcp', 'azure']) {
    const io = recordingIo(box.env);
    await runToken(name, { minTtl: 0, format: 'raw' }, io, signIn);
    assert.equal(io.stdout.join(''), 'federated');
  }
  const [google, entra] = [
    net.to('/v1/token')[0]?.body,
    net.to('/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token')[0]?.body,
  ];
  const pool =
    'iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/providers/my-repo';
  assert.deepEqual(
    ['grant_type', 'audience', 'scope', 'subject_token_type', 'requested_token_type'].map((k) => google?.get(k)),
    [
      'urn:ietf:params:oauth:grant-type:token-exchange',
      `//${pool}`,
      'https://www.googleapis.com/auth/cloud-platform',
      JWT_TYPE,
      'urn:ietf:params:oauth:token-type:access_token',
    ],
  );
  assert.deepEqual(
    ['grant_type', 'client_id', 'scope', 'client_assertion_type'].map((k) => entra?.get(k)),
    [
      'client_credentials',
      '11111111-1111-1111-1111-111111111111',
      'https://management.azure.com/.default',
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    ],
  );
  assert.deepEqual(fake.ciAudiences, [`https://${pool}`, 'api://AzureADTokenExchange'], 'the job tokens asked for');
  assert.ok(
    fake.secrets.has(google?.get('subject_token') as string) &&
      fake.secrets.has(entra?.get('client_assertion') as string),
  );
});
