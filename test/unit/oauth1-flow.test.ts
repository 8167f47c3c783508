import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { acceptOauth1Callback } from '../../src/flows/oauth1.js';
import { postForCredentials } from '../../src/flows/oauth1-http.js';
import { refusalDetail } from '../../src/refusal.js';

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

/** A one-shot provider answer on 127.0.0.1, for the HTTP half of the flow. */
async function answering(status: number, body: string) {
  const server = createServer((_req, res) => res.writeHead(status).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/access_token`;
  return { url, close: () => server.close() };
}
const consumer = { consumerKey: 'key', consumerSecret: 'secret' };
const step = { what: 'the access-token request', hint: 'Check the consumer key.' };

test('token credentials with a newline or escape are refused: `token` prints them raw', async () => {
  for (const body of [
    'oauth_token=a%0Ab&oauth_token_secret=s',
    'oauth_token=a&oauth_token_secret=%1B%5D0%3Bx',
    'x=1',
  ]) {
    const provider = await answering(200, body);
    await assert.rejects(postForCredentials(provider.url, consumer, {}, new AbortController().signal, step), {
      code: 'bad_response',
    });
    provider.close();
  }
});

test("a refusal names the step, the status and the provider's reason", async () => {
  const provider = await answering(401, '<errors><error code="89">Invalid or expired token.</error></errors>');
  await assert.rejects(postForCredentials(provider.url, consumer, {}, new AbortController().signal, step), {
    code: 'provider_error',
    message: 'The provider refused the access-token request (HTTP 401): Invalid or expired token.',
    hint: 'Check the consumer key.',
  });
  provider.close();
});

test('Ctrl+C during a request reports the interruption, not a network error', async () => {
  const controller = new AbortController();
  const reason = new Error('interrupted');
  controller.abort(reason);
  await assert.rejects(postForCredentials('http://127.0.0.1:9/x', consumer, {}, controller.signal, step), reason);
});

test("a provider's words that echo a token back are quoted with the token masked; Graph's and GitHub's shapes too", () => {
  assert.equal(
    refusalDetail('{"error_description":"refresh token rt-0123456789abcdefghijklmnop is spent"}'),
    'refresh token […] is spent',
  );
  assert.equal(
    refusalDetail('{"error":{"message":"Error validating client secret.","code":1}}'),
    'Error validating client secret.',
  );
  assert.equal(refusalDetail('{"message":"Bad credentials"}'), 'Bad credentials');
});
