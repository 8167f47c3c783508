// What a hostile provider can make us print or read: quotes of its answers, URLs, sizes (test/HOSTILE.md 14–19).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LoginError, toLoginError } from '../../src/errors.js';
import { httpOptions, MAX_ANSWER_BYTES, readAnswer, requestTimeoutMs } from '../../src/http.js';
import { PRESETS } from '../../src/providers/presets.js';
import { assertEndpointUrl } from '../../src/providers/urls.js';
import { excerpt } from '../../src/sanitize.js';

test('row 16: an excerpt is terminal-safe, masks anything token-like and is capped', () => {
  assert.equal(excerpt('\x1b]0;title\x07<b>\x1b[31mhi\u009b2J\x00'), '"<b>hi"');
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  assert.equal(excerpt(`{"id_token":"${jwt}"}`), '"{"id_token":"[…]"}"');
  assert.equal(excerpt(`access_token=gho_${'x'.repeat(36)}&token_type=bearer`), '"access_token=[…]&token_type=bearer"');
  assert.equal(excerpt('a'.repeat(10) + ' b'.repeat(100)).length, 80 + 3);
});

test('row 14: an unexpected status names the status, quotes the body, and calls a redirect a redirect', () => {
  const err = (status: number) =>
    Object.assign(new Error('"response" is not a conform Token Endpoint response'), {
      code: 'OAUTH_RESPONSE_IS_NOT_CONFORM',
      cause: new Response(null, { status }),
    });
  const answer = { status: 502, contentType: 'text/html', text: '<h1>Bad Gateway</h1>' };
  assert.equal(
    toLoginError(err(502), 'the token request', answer).message,
    'The provider answered the token request with HTTP 502: "<h1>Bad Gateway</h1>"',
  );
  assert.equal(
    toLoginError(err(307), 'the token request').message,
    'The provider answered the token request with HTTP 307 (a redirect, not followed).',
  );
});

test('row 15: a timeout says how long we waited; OAUTH_LOGIN_HTTP_TIMEOUT_MS shortens it', async () => {
  assert.equal(requestTimeoutMs({}), 30_000);
  assert.equal(requestTimeoutMs({ OAUTH_LOGIN_HTTP_TIMEOUT_MS: '250' }), 250);
  for (const bad of ['0', '-5', 'soon', '1.5'])
    assert.equal(requestTimeoutMs({ OAUTH_LOGIN_HTTP_TIMEOUT_MS: bad }), 30_000);
  const signal = httpOptions(new AbortController().signal, 20).signal();
  const alive = setTimeout(() => {}, 1000); // the request timer is unref'd: keep this test's event loop up
  const reason = await new Promise((r) => signal.addEventListener('abort', () => r(signal.reason)));
  clearTimeout(alive);
  assert.equal(
    toLoginError(reason, 'the token request').message,
    'The provider did not answer the token request within 0.02 s.',
  );
});

test('row 16: an answer over 1 MiB is refused without being read further', async () => {
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(new Uint8Array(64 * 1024));
    },
  });
  await assert.rejects(readAnswer(new Response(endless), 'the token request'), { code: 'answer_too_large' });
  assert.ok(pulled * 64 * 1024 <= MAX_ANSWER_BYTES + 128 * 1024, `read ${pulled} chunks`);
});

test('readAnswer hands back the same status, headers and body', async () => {
  const original = new Response('{"a":1}', {
    status: 400,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
  });
  const { response, answer } = await readAnswer(original, 'x');
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('www-authenticate'), 'Bearer');
  assert.deepEqual(await response.json(), { a: 1 });
  assert.deepEqual(answer, { status: 400, contentType: 'application/json', text: '{"a":1}' });
  assert.equal((await readAnswer(new Response(null, { status: 204 }), 'x')).response.status, 204);
});

test('row 19: endpoints with shell metacharacters are refused, naming the key', () => {
  for (const url of [
    'https://op.example/auth$(id)',
    'https://op.example/auth?x=`id`',
    'https://op.example/auth;id',
    'https://op.example/a|b',
    "https://op.example/a'b",
    'https://op.example/a!b',
    'https://op.example/a*b',
    'https://op.example/a#frag',
    'https://op.example/a?{x}',
  ]) {
    assert.throws(
      () => assertEndpointUrl(url, 'op authorization_endpoint'),
      (err: LoginError) =>
        err.code === 'unsafe_url' && /op authorization_endpoint contains characters/.test(err.message),
      url,
    );
  }
});

test('row 19: every preset endpoint and ordinary provider URLs still pass', () => {
  for (const [name, preset] of Object.entries(PRESETS)) {
    for (const [key, value] of Object.entries(preset)) {
      if (!/endpoint|^(profile|emails)_url$/.test(key) || typeof value !== 'string') continue;
      assert.doesNotThrow(() => assertEndpointUrl(value.replaceAll('{tenant}', 'common'), `${name}.${key}`), value);
    }
  }
  for (const url of [
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    'https://tenant.b2clogin.com/tenant.onmicrosoft.com/oauth2/v2.0/authorize?p=b2c_1_signin&x=1',
    'https://kc.example/realms/my-realm/protocol/openid-connect/auth',
    'https://[2001:db8::1]:8443/auth',
    'http://127.0.0.1:5055/auth?a=b%20c',
    'https://op.example/a b', // the parser encodes the space: %20
  ]) {
    assert.doesNotThrow(() => assertEndpointUrl(url, 'x'), url);
  }
});

test('row 18: refused ID token claims are told apart by claim, without values', () => {
  const claim = (name: string) =>
    toLoginError(
      Object.assign(new Error('unexpected'), {
        code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
        cause: { claim: name, expected: 'secret-nonce-value', claims: {} },
      }),
    ).message;
  const messages = ['iss', 'aud', 'azp', 'nonce', 'sub', 'other'].map(claim);
  assert.equal(new Set(messages).size, messages.length);
  assert.ok(messages.every((m) => !m.includes('secret-nonce-value')));
});

test('anything else from outside reaches an error message only terminal-safe', () => {
  assert.equal(
    toLoginError(new Error('bad \x1b]0;x\x07thing')).message,
    'Unexpected failure during the request: bad thing',
  );
  assert.ok(!toLoginError('\x1b[2J').message.includes('\x1b'));
  const network = Object.assign(new Error('fetch failed'), { cause: new Error('getaddrinfo \x1b[31mENOTFOUND') });
  assert.ok(!toLoginError(network).message.includes('\x1b'));
});
