// What a hostile provider can make us print or read: quotes of its answers, URLs, sizes (test/HOSTILE.md 14–19).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoginError } from '../../src/errors.js';
import { toLoginError } from '../../src/error-mapping.js';
import { PRESETS } from '../../src/providers/presets.js';
import { assertEndpointUrl } from '../../src/providers/urls.js';
import { excerpt } from '../../src/sanitize.js';
import { answerOf, MAX_ANSWER_BYTES, requestTimeoutMs, send, useFetch } from '../../src/transport.js';

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

/** A network that answers every request with `respond`, and sees the signal the transport gives it. */
function fakeNetwork(respond: (init: RequestInit) => Promise<Response>) {
  return useFetch((_url, init) => respond(init));
}

test('row 15: a timeout says how long we waited; OAUTH_LOGIN_HTTP_TIMEOUT_MS shortens it', async (t) => {
  assert.equal(requestTimeoutMs({}), 30_000);
  assert.equal(requestTimeoutMs({ OAUTH_LOGIN_HTTP_TIMEOUT_MS: '250' }), 250);
  assert.equal(requestTimeoutMs({ OAUTH_LOGIN_HTTP_TIMEOUT_MS: '' }), 30_000, 'empty is unset');
  for (const bad of ['0', '-5', 'abc', '1.5', '600001'])
    assert.throws(() => requestTimeoutMs({ OAUTH_LOGIN_HTTP_TIMEOUT_MS: bad }), {
      code: 'usage',
      message: `OAUTH_LOGIN_HTTP_TIMEOUT_MS="${bad}" is not a timeout: it must be a whole number of milliseconds from 1 to 600000.`,
      hint: 'Set it to e.g. 30000 (the default), or unset it.',
    });
  process.env.OAUTH_LOGIN_HTTP_TIMEOUT_MS = '20';
  t.after(() => delete process.env.OAUTH_LOGIN_HTTP_TIMEOUT_MS);
  const hang = (init: RequestInit) =>
    new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
  t.after(fakeNetwork(hang));
  await assert.rejects(send('https://op.example/token', { what: 'the token request', signal: never() }), {
    code: 'network_timeout',
    message: 'The provider did not answer the token request within 0.02 s.',
  });
});

const never = () => new AbortController().signal;

test('row 16: an answer over 1 MiB is refused without being read further', async (t) => {
  let pulled = 0;
  const endless = () =>
    new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
  t.after(fakeNetwork(async () => new Response(endless())));
  await assert.rejects(send('https://op.example/token', { what: 'the token request', signal: never() }), {
    code: 'answer_too_large',
    message: "The provider's answer to the token request is larger than 1 MiB.",
  });
  assert.ok(pulled * 64 * 1024 <= MAX_ANSWER_BYTES + 128 * 1024, `read ${pulled} chunks`);
});

test('row 16: a Content-Length over 1 MiB is refused before the body is read', async (t) => {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({ pull: () => void pulled++ });
  const headers = { 'content-length': String(MAX_ANSWER_BYTES + 1) };
  t.after(fakeNetwork(async () => new Response(body, { headers })));
  await assert.rejects(send('https://op.example/jwks', { what: 'the key set', signal: never() }), {
    code: 'answer_too_large',
  });
  assert.ok(pulled <= 1, `pulled ${pulled} times`);
});

test('the transport hands back the same status, headers and body, readable twice; it never follows a redirect', async (t) => {
  const seen: RequestInit[] = [];
  t.after(
    fakeNetwork(async (init) => {
      seen.push(init);
      return new Response('{"a":1}', {
        status: 400,
        headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
      });
    }),
  );
  const response = await send('https://op.example/x', { what: 'x', signal: never() });
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('www-authenticate'), 'Bearer');
  assert.deepEqual(await answerOf(response), { status: 400, contentType: 'application/json', text: '{"a":1}' });
  assert.deepEqual(await response.json(), { a: 1 });
  assert.equal(seen[0]?.redirect, 'manual');
  assert.match(new Headers(seen[0]?.headers).get('user-agent') ?? '', /^oauth-login\//);
});

test('a request aborted by Ctrl+C reports the interruption, not a network error', async (t) => {
  const controller = new AbortController();
  const reason = new Error('Interrupted (SIGINT); nothing was stored.');
  t.after(
    fakeNetwork(async () => {
      controller.abort(reason);
      throw new TypeError('fetch failed');
    }),
  );
  await assert.rejects(send('https://op.example/x', { what: 'x', signal: controller.signal }), reason);
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
