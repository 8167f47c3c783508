import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptOauth1Callback } from '../../src/flows/oauth1.js';
import { refusalDetail } from '../../src/flows/oauth1-http.js';

const TOKEN = 'temporary-token-0123456789';
const accept = acceptOauth1Callback(() => TOKEN);
const query = (q: string) => new URLSearchParams(q);

for (const [what, q] of [
  ['another oauth_token', 'oauth_token=forged&oauth_verifier=v'],
  ['no oauth_token', 'oauth_verifier=v'],
  ['no verifier', `oauth_token=${TOKEN}`],
  ['an empty verifier', `oauth_token=${TOKEN}&oauth_verifier=`],
  ['denied= with another token (a forged cancel)', 'denied=forged'],
  [
    'a non-ASCII token as long as the real one',
    `oauth_token=${encodeURIComponent('é'.repeat(TOKEN.length))}&oauth_verifier=v`,
  ],
] as const) {
  test(`callback with ${what} → 400`, () => {
    assert.equal(accept(query(q))?.status, 400);
  });
}

test('callback with the temporary token and a verifier, or denied=<the temporary token>, is accepted', () => {
  assert.equal(accept(query(`oauth_token=${TOKEN}&oauth_verifier=v`)), undefined);
  assert.equal(accept(query(`denied=${TOKEN}`)), undefined);
});

test('a callback before the temporary token exists → 400', () => {
  assert.equal(acceptOauth1Callback(() => undefined)(query('oauth_token=&oauth_verifier=v'))?.status, 400);
});

test("the provider's reason for a refusal, from each shape providers use, terminal-safe", () => {
  assert.equal(refusalDetail('error=invalid_request&error_description=Missing+callback+URI.'), 'Missing callback URI.');
  assert.equal(refusalDetail('oauth_problem=signature_invalid'), 'signature_invalid');
  assert.equal(
    refusalDetail('{"errors":[{"code":32,"message":"Could not authenticate you."}]}'),
    'Could not authenticate you.',
  );
  assert.equal(
    refusalDetail('<?xml version="1.0"?><errors><error code="415">Callback URL not approved</error></errors>'),
    'Callback URL not approved',
  );
  assert.equal(refusalDetail('<html><body><script>x</script></body></html>'), undefined);
  assert.equal(refusalDetail(''), undefined);
  assert.equal(refusalDetail('error_description=bad%1B%5B2Jthing'), 'badthing');
});
