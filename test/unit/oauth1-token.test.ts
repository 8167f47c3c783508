import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatToken } from '../../src/commands/token.js';

const oauth1 = { access_token: 'tok', token_secret: 'sec', token_type: 'OAuth' };

test('token formats for OAuth 1.0a: raw is the token, json and env carry the secret too, header refuses', () => {
  assert.equal(formatToken(oauth1, { format: 'raw' }), 'tok');
  assert.deepEqual(JSON.parse(formatToken(oauth1, { format: 'json' })), {
    oauth_token: 'tok',
    oauth_token_secret: 'sec',
    token_type: 'OAuth',
    expires_at: null,
  });
  assert.equal(
    formatToken(oauth1, { format: 'env' }),
    'OAUTH_LOGIN_ACCESS_TOKEN=tok\nOAUTH_LOGIN_ACCESS_TOKEN_SECRET=sec',
  );
  assert.throws(
    () => formatToken(oauth1, { format: 'header' }, 'twitter'),
    (err: Error & { code: string; hint: string }) => {
      assert.equal(err.code, 'signature_required');
      assert.match(err.hint, /oauth-login sign twitter GET/);
      assert.ok(!err.message.includes('sec'));
      return true;
    },
  );
  assert.throws(() => formatToken(oauth1, { format: 'raw', idToken: true }), { code: 'no_id_token' });
});
