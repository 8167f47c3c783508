// Quirks of LemonLDAP::NG (test/support/providers/lemonldap.ts), each a named test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveProvider } from '../../src/providers/resolve.js';
import { browserless } from '../support/providers/browserless.js';
import { LLNG, lemonldap } from '../support/providers/lemonldap.js';

const SECRET = 'llng-client-secret';
const llng = (flags: { clientSecret?: string; scope?: string } = {}) =>
  resolveProvider(
    'llng',
    { path: '/c', providers: {} },
    {},
    {
      issuer: LLNG,
      clientId: 'oauth-login',
      redirectUri: 'http://127.0.0.1:0/callback',
      ...flags,
    },
  );

test('lemonldap: an HS512 ID token (signed with the client secret) is verified with it', async (t) => {
  const fake = lemonldap('oauth-login', SECRET);
  t.after(() => fake.net.restore());
  const login = await browserless(llng({ clientSecret: SECRET }), (url) => fake.approve(url));
  assert.equal(login.error, undefined);
  assert.equal(login.page, 200);
  assert.equal(login.result?.kind === 'person' && login.result.profile.name, 'Doctor Who');
});

test('lemonldap: an HS512 ID token is refused for a public client (no secret to verify it with)', async (t) => {
  const fake = lemonldap('oauth-login', SECRET);
  t.after(() => fake.net.restore());
  const login = await browserless(llng(), (url) => fake.approve(url));
  assert.equal(login.error?.code, 'id_token_bad_signature');
  assert.match(login.error?.message ?? '', /signed with the client secret/);
});

test('lemonldap: an HS512 ID token made with another secret is refused', async (t) => {
  const fake = lemonldap('oauth-login', 'not-our-secret');
  t.after(() => fake.net.restore());
  const login = await browserless(llng({ clientSecret: SECRET }), (url) => fake.approve(url));
  assert.equal(login.error?.code, 'id_token_bad_signature');
});

test('lemonldap: offline_access is requested with prompt=consent (OIDC Core §11)', async (t) => {
  const fake = lemonldap('oauth-login', SECRET);
  t.after(() => fake.net.restore());
  const login = await browserless(llng({ clientSecret: SECRET, scope: 'openid offline_access' }), (url) =>
    fake.approve(url),
  );
  assert.equal(login.url.searchParams.get('prompt'), 'consent');
  const plain = await browserless(llng({ clientSecret: SECRET }), (url) => fake.approve(url));
  assert.equal(plain.url.searchParams.get('prompt'), null, 'no prompt without offline_access');
});

test('lemonldap: a refused consent (error=consent_required) is the person saying no: exit 2', async (t) => {
  const fake = lemonldap('oauth-login', SECRET);
  t.after(() => fake.net.restore());
  const login = await browserless(llng({ clientSecret: SECRET }), (url) => ({
    error: 'consent_required',
    state: url.searchParams.get('state') ?? '',
  }));
  assert.equal(login.error?.code, 'access_denied');
  assert.equal(login.error?.exitCode, 2);
  assert.equal(login.page, 200, 'the page says "cancelled", not "failed"');
  assert.equal(fake.net.to('/oauth2/token').length, 0);
});

test('an answer without scope means the scope requested (RFC 6749 §5.1)', async (t) => {
  const fake = lemonldap('oauth-login', SECRET);
  t.after(() => fake.net.restore());
  const login = await browserless(llng({ clientSecret: SECRET, scope: 'openid email' }), (url) => fake.approve(url));
  assert.equal(login.result?.tokens.scope, 'openid email');
});
