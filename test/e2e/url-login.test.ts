import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { dataHome, type E2e, e2eSetup, loginWithBrowser } from '../support/e2e.js';
import { type ProtectedResource, startProtectedResource } from '../support/protected-resource.js';

// The IdP reads this when a token is asked for, so the resource (whose port is known only once it listens) can be
// added after both have started.
const resources: Record<string, string> = {};
let resource: ProtectedResource;
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
});
after(() => resource?.close());

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
