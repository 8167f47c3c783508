import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSign } from '../../src/commands/sign.js';
import { storedOauth1Credentials } from '../../src/logins/oauth1.js';
import { openLogins } from '../../src/logins/service.js';
import type { StoredLogin } from '../../src/logins/types.js';
import { formatToken } from '../../src/token-format.js';
import { recordingIo } from '../support/io.js';

const oauth1 = { access_token: 'tok', token_secret: 'sec', token_type: 'OAuth' };

test('token formats for OAuth 1.0a: raw is the token, json and env carry the secret too, header refuses', () => {
  assert.equal(formatToken('oauth1', oauth1, { format: 'raw' }), 'tok');
  assert.deepEqual(JSON.parse(formatToken('oauth1', oauth1, { format: 'json' })), {
    oauth_token: 'tok',
    oauth_token_secret: 'sec',
    token_type: 'OAuth',
    expires_at: null,
  });
  assert.equal(
    formatToken('oauth1', oauth1, { format: 'env' }),
    "OAUTH_LOGIN_ACCESS_TOKEN='tok'\nOAUTH_LOGIN_ACCESS_TOKEN_SECRET='sec'",
  );
  assert.throws(
    () => formatToken('oauth1', oauth1, { format: 'header' }, 'twitter'),
    (err: Error & { code: string; hint: string }) => {
      assert.equal(err.code, 'signature_required');
      assert.match(err.hint, /oauth-login sign twitter GET/);
      assert.ok(!err.message.includes('sec'));
      return true;
    },
  );
  assert.throws(() => formatToken('oauth1', oauth1, { format: 'raw', idToken: true }), { code: 'no_id_token' });
});

test('sign refuses a method that is not one, and a plain-http URL that leaves the machine, before reading any login', async () => {
  const io = recordingIo({ XDG_DATA_HOME: '/nonexistent' });
  await assert.rejects(runSign('twitter', 'GET /x', 'https://api.twitter.com/x', {}, io), { code: 'invalid_method' });
  await assert.rejects(runSign('twitter', 'GET', 'http://api.twitter.com/x', {}, io), { code: 'insecure_url' });
  await assert.rejects(runSign('twitter', 'GET', 'https://api.twitter.com/x', {}, io), { code: 'needs_login' });
  assert.deepEqual(io.stdout, []);
});

test('sign with an OAuth 2.0 login points at token --format header', async () => {
  const entry = { kind: 'person', provider: 'github', account: 'octo', store: 'memory' } as StoredLogin;
  await assert.rejects(
    storedOauth1Credentials(openLogins({}, { dir: '/nonexistent' }), entry, {}, undefined),
    (err: Error & { hint: string }) => {
      assert.match(err.hint, /oauth-login token github --format header/);
      return true;
    },
  );
});
