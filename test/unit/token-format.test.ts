// `token --id-token` with each --format (README "token"): documented behaviour, not an accident of the code.
// header carries the ID token as a bearer (Cloud Run, IAP, Kubernetes OIDC take one); json is the same object as
// without the flag, which already holds both tokens (the flag only makes the ID token the one kept fresh).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatToken } from '../../src/token-format.js';

const set = { access_token: 'at-1', token_type: 'Bearer', id_token: 'id.jwt.sig', scope: 'openid', expires_at: 2e9 };

test('--id-token --format header is the ID token as a bearer header', () => {
  assert.equal(formatToken('person', set, { format: 'header', idToken: true }), 'Authorization: Bearer id.jwt.sig');
});

test('--id-token --format json prints the same object as --format json: both tokens, keyed', () => {
  const withFlag = formatToken('person', set, { format: 'json', idToken: true });
  assert.equal(withFlag, formatToken('person', set, { format: 'json' }));
  assert.deepEqual(JSON.parse(withFlag), {
    access_token: 'at-1',
    token_type: 'Bearer',
    expires_at: '2033-05-18T03:33:20.000Z',
    scope: 'openid',
    id_token: 'id.jwt.sig',
  });
});

test('--id-token with any format and no ID token is the no_id_token error', () => {
  for (const format of ['raw', 'json', 'header', 'env'] as const)
    assert.throws(() => formatToken('person', { ...set, id_token: undefined }, { format, idToken: true }), {
      code: 'no_id_token',
    });
});
