// inspect against the real demo provider (oidc-provider), with the built CLI: the ID token verified against its
// published keys, the opaque access token said to be so, the provider's RFC 7662 answer, and no token printed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { dataHome, e2eSetup, loginWithBrowser } from '../support/e2e.js';

const e = e2eSetup();

test('inspect after a demo login: verified ID token, opaque access token, --introspect active, no token shown', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const login = await loginWithBrowser(
    e,
    ['demo', '--issuer', e.idp.issuer, '--port', '0', '--json', '--show-tokens'],
    env,
  );
  assert.equal(login.code, 0, login.stderr);
  const { access_token, id_token } = JSON.parse(login.stdout);
  assert.ok(access_token && id_token, 'the demo provider issued both tokens');
  const cli = (args: string[]) => runCli(args, { ...e.hook.env, ...env }).done;

  const text = await cli(['inspect', 'demo']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^ID token \(✓ signature verified\)$/m);
  assert.match(text.stdout, /^ {4}iss: http:\/\/127\.0\.0\.1:\d+$/m);
  assert.match(text.stdout, /^ {4}exp: \d+ \(.*, expires in (59 min|1 h)\)$/m);
  assert.match(text.stdout, /^access token: opaque \(not a JWT\)/m);

  const json = await cli(['inspect', 'demo', '--json', '--introspect']);
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  assert.equal(out.id_token.verified, true);
  assert.equal(out.id_token.claims.sub, 'ada');
  assert.equal(out.id_token.header.alg, 'RS256');
  assert.deepEqual(out.access_token, { header: null, claims: null, verified: false, reason: 'opaque: not a JWT' });
  assert.equal(out.introspection.active, true, 'the provider confirms the stored access token');
  assert.equal(out.introspection.client_id, 'demo');

  for (const run of [text, json]) {
    for (const token of [access_token, id_token]) {
      assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token), 'no token is printed');
    }
  }
});
