import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { approveDeviceCode, dataHome, type E2e, e2eSetup, loginWithBrowser, shownCode } from '../support/e2e.js';
import { type ProtectedResource, startProtectedResource } from '../support/protected-resource.js';

// The IdP reads this when a token is asked for, so the resource (whose port is known only once it listens) can be
// added after both have started.
const resources: Record<string, string> = {};
let resource: ProtectedResource;
let second: ProtectedResource;
// Hooks of one level may overlap: the resource starts once the IdP has (its issuer is in the resource's metadata).
let started: (e: E2e) => void = () => {};
const idpStarted = new Promise<E2e>((resolve) => {
  started = resolve;
});
const e = e2eSetup({ registration: true, resources }, (x) => started(x));
before(async () => {
  const { idp } = await idpStarted;
  resource = await startProtectedResource({
    authorizationServers: [idp.issuer],
    issuer: idp.issuer,
    scopes: ['mcp:tools', 'offline_access'],
  });
  resources[resource.url] = 'mcp:tools';
  second = await startProtectedResource({
    authorizationServers: [idp.issuer],
    issuer: idp.issuer,
    scopes: ['mcp:tools'],
  });
  resources[second.url] = 'mcp:tools';
});
after(() => Promise.all([resource?.close(), second?.close()]));

const callResource = async (token: string) => fetch(resource.url, { headers: { authorization: `Bearer ${token}` } });

test('login <URL> finds the authorization server from the resource, registers itself, and token <URL> gives a token the resource accepts', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const login = await loginWithBrowser(e, ['login', resource.url, '--json', '--timeout', '60'], env);
  assert.equal(login.code, 0, login.stderr);
  const out = JSON.parse(login.stdout);
  assert.equal(out.provider, resource.url, 'stored under the resource identifier');

  const token = runCli(['token', resource.url], { ...e.hook.env, ...env });
  const { code, stdout, stderr } = await token.done;
  assert.equal(code, 0, stderr);
  const accepted = await callResource(stdout.trim());
  assert.equal(accepted.status, 200, 'the resource accepts the token: its audience is the resource');

  // Another spelling of the same URL (upper-case scheme, a fragment) names the same login.
  const spelled = `${resource.url.replace('http://', 'HTTP://')}#x`;
  const again = await runCli(['token', spelled], { ...e.hook.env, ...env }).done;
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.trim(), stdout.trim());

  // A refresh (forced: no token lasts two hours here) asks for the same resource again, with the registered client.
  const refreshed = await runCli(['token', resource.url, '--min-ttl', '7200'], { ...e.hook.env, ...env }).done;
  assert.equal(refreshed.code, 0, refreshed.stderr);
  assert.notEqual(refreshed.stdout.trim(), stdout.trim(), 'a new access token');
  assert.equal((await callResource(refreshed.stdout.trim())).status, 200, 'the refreshed token is for the resource');

  // status lists it under the identifier; logout finds it by another spelling too.
  const status = await runCli(['status', '--json'], env).done;
  assert.deepEqual(
    JSON.parse(status.stdout).map((r: { provider: string; state: string }) => [r.provider, r.state]),
    [[resource.url, 'valid']],
  );
  const logout = await runCli(['logout', spelled], env).done;
  assert.equal(logout.code, 0, logout.stderr);
  assert.deepEqual(JSON.parse((await runCli(['status', '--json'], env).done).stdout), []);
});

test('a token without the resource indicator is refused by the resource: the indicator is what binds it', async () => {
  const unbound = await fetch(`${e.idp.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'confidential',
      client_secret: 'confidential-secret',
    }),
  });
  const body = (await unbound.json()) as { access_token?: string };
  assert.ok(body.access_token, JSON.stringify(body));
  assert.equal((await callResource(body.access_token)).status, 401);
});

const indexOf = (env: NodeJS.ProcessEnv) =>
  JSON.parse(readFileSync(join(env.XDG_DATA_HOME as string, 'oauth-login', 'index.json'), 'utf8')) as {
    logins: Record<string, { provider: string; client_id: string }>;
  };

test('a second resource behind the same authorization server reuses the client registered for the first', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const first = await loginWithBrowser(e, ['login', resource.url, '--timeout', '60'], env);
  assert.equal(first.code, 0, first.stderr);
  const other = await loginWithBrowser(e, ['login', second.url, '--timeout', '60'], env);
  assert.equal(other.code, 0, other.stderr);
  const ids = Object.values(indexOf(env).logins).map((l) => l.client_id);
  assert.equal(ids.length, 2);
  assert.equal(ids[0], ids[1], 'one registration for both');
  const token = await runCli(['token', second.url], { ...e.hook.env, ...env }).done;
  assert.equal(token.code, 0, token.stderr);
  const accepted = await fetch(second.url, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
  assert.equal(accepted.status, 200, 'the reused client got a token for the second resource');
});

test('login <URL> --flow device: a code entered in Chromium gives a token bound to the resource', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const run = runCli(['login', resource.url, '--flow', 'device', '--no-browser', '--timeout', '60'], env);
  await approveDeviceCode(e.browser, await shownCode(run));
  const done = await run.done;
  assert.equal(done.code, 0, done.stderr);
  const token = await runCli(['token', resource.url], env).done;
  assert.equal(token.code, 0, token.stderr);
  assert.equal((await callResource(token.stdout.trim())).status, 200, 'the device token is for the resource');
});

test('bad inputs end login <URL> with the step that failed and store nothing: no 401, metadata for another resource', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const open = `${e.idp.issuer}/.well-known/openid-configuration`; // answers 200 to anyone
  const notProtected = await runCli(['login', open], env).done;
  assert.equal(notProtected.code, 1);
  assert.match(
    notProtected.stderr,
    /answered HTTP 200 to a request without a token, not 401: it does not ask for a token/,
  );

  const liar = await startProtectedResource({
    authorizationServers: [e.idp.issuer],
    issuer: e.idp.issuer,
    metadata: { resource: 'https://other.example/mcp' },
  });
  try {
    const refused = await runCli(['login', liar.url], env).done;
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /names the resource "https:\/\/other\.example\/mcp", not http:\/\/127\.0\.0\.1:\d+\/mcp/,
    );
  } finally {
    await liar.close();
  }
  assert.deepEqual(JSON.parse((await runCli(['status', '--json'], env).done).stdout), []);
});
