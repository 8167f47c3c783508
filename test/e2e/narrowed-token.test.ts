// `token demo --scope openid` against the real demo provider (oidc-provider), with the built CLI: the provider's
// RFC 7662 answer confirms the narrowed token's scope, while plain `token demo` keeps the login's full scope, and the
// refresh token the provider rotated on that refresh still renews the login.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { dataHome, e2eSetup, loginWithBrowser } from '../support/e2e.js';

const e = e2eSetup();

/** The provider's own view of a token (RFC 7662), asked as the demo's public client. */
async function introspect(token: string): Promise<{ active: boolean; scope?: string }> {
  const metadata = (await (await fetch(`${e.idp.issuer}/.well-known/openid-configuration`)).json()) as {
    introspection_endpoint: string;
  };
  const body = new URLSearchParams({ token, client_id: 'demo' });
  const response = await fetch(metadata.introspection_endpoint, { method: 'POST', body });
  assert.equal(response.status, 200, `introspection answered ${response.status}`);
  return (await response.json()) as { active: boolean; scope?: string };
}

const words = (scope: string | undefined) => (scope ?? '').split(' ').sort();

test('token demo --scope openid: the provider confirms the narrower scope; plain token keeps the full one', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const login = await loginWithBrowser(e, ['demo', '--issuer', e.idp.issuer, '--port', '0', '--json'], env);
  assert.equal(login.code, 0, login.stderr);
  const cli = async (args: string[]) => {
    const run = await runCli(['token', 'demo', ...args], { ...e.hook.env, ...env }).done;
    assert.equal(run.code, 0, `token demo ${args.join(' ')}: ${run.stderr}`);
    return run.stdout.trim();
  };

  const plain = await cli([]);
  const narrowed = JSON.parse(await cli(['--scope', 'openid', '--format', 'json'])) as { access_token: string };
  assert.notEqual(narrowed.access_token, plain);
  const narrowAnswer = await introspect(narrowed.access_token);
  assert.equal(narrowAnswer.active, true);
  assert.deepEqual(words(narrowAnswer.scope), ['openid']);

  assert.equal(await cli([]), plain, 'plain token still prints the login’s own access token');
  const plainAnswer = await introspect(plain);
  assert.equal(plainAnswer.active, true);
  assert.ok(words(plainAnswer.scope).includes('profile') && words(plainAnswer.scope).includes('email'));

  assert.equal(await cli(['--scope', 'openid']), narrowed.access_token, 'cached: the same narrowed token');
  // The demo provider rotates refresh tokens: the login's renewal must use the one the narrowing refresh returned.
  const renewed = await cli(['--min-ttl', '86400']);
  assert.notEqual(renewed, plain);
  assert.deepEqual(words((await introspect(renewed)).scope), words(plainAnswer.scope));
});
