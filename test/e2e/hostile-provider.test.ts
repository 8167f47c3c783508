// A hostile or broken provider, against the built CLI (test/HOSTILE.md, rows 14–21).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { authorize, CLIENT_ID, CLIENT_SECRET, type Login, type Plan, startLogin, visit } from '../support/fake-op.js';
import { hostileSetup } from '../support/hostile.js';
import { tempDir } from '../support/tmp.js';

const s = hostileSetup();

/** Runs a login through the honest callback against `plan`; returns how the CLI ended and the browser's page. */
async function loginAgainst(plan: Plan, extra: string[] = [], env: NodeJS.ProcessEnv = {}, input?: string) {
  s.op.reset(plan);
  const login: Login = await startLogin(s.op, s.hook, extra, env, input);
  const page = await visit(await authorize(login.url));
  const result = await login.run.done;
  return { ...result, page, login };
}

/** The login failed with exit 1, the message matched, and nothing reached the store. */
async function refused(plan: Plan, message: RegExp, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const { code, stderr, stdout, page, login } = await loginAgainst(plan, extra, env);
  assert.equal(code, 1, stderr);
  assert.match(stderr, message);
  assert.equal(stdout, '');
  assert.equal(page.status, 400);
  assert.match(page.body, /Sign-in failed/);
  assert.equal(login.stored(), false, 'nothing stored');
  assert.equal(s.op.replayedCodes, 0, 'the code was never sent twice');
  return stderr;
}

// Row 14: a failing token endpoint.
test("row 14: token endpoint 500 → clear error naming the status and the provider's error; code not replayed", async () => {
  // oauth4webapi reads OAuth error bodies on 4xx only: a 500's JSON error is quoted in the provider's words.
  await refused(
    { token: { status: 500, body: JSON.stringify({ error: 'server_error' }) } },
    /The provider answered the token request with HTTP 500: server_error\n {2}The provider has a problem: try again later\./,
  );
  assert.equal(s.op.count('token'), 1);
});

test('row 14: token endpoint 503 with an HTML page → clear error naming the status; code not replayed', async () => {
  await refused(
    { token: { status: 503, contentType: 'text/html', body: '<html><body>Service Unavailable</body></html>' } },
    /The provider answered the token request with HTTP 503: "<html><body>Service Unavailable<\/body><\/html>"/,
  );
  assert.equal(s.op.count('token'), 1);
});

// Row 15.
test('row 15: a token endpoint that never answers is bounded by the request timeout, with a clear error', async () => {
  const started = Date.now();
  await refused(
    { token: { delayMs: Number.POSITIVE_INFINITY } },
    /The provider did not answer the token request within 0\.5 s/,
    [],
    { OAUTH_LOGIN_HTTP_TIMEOUT_MS: '500' },
  );
  assert.ok(Date.now() - started < 5000);
  assert.equal(s.op.count('token'), 1);
});

// Row 16: bodies that are not a JSON object.
const notJson: [string, string, string, RegExp][] = [
  [
    'plain text',
    'text/plain',
    'Internal error, try later',
    /not JSON \(HTTP 200, text\/plain\): "Internal error, try later"/,
  ],
  [
    'an HTML page',
    'text/html',
    `<html><body><h1>502 Bad Gateway</h1>${'<p>padding</p>'.repeat(50)}</body></html>`,
    /not JSON \(HTTP 200, text\/html\): "<html><body><h1>502 Bad Gateway<\/h1>(<p>padding<\/p>)+<p…"/,
  ],
  ['null', 'application/json', 'null', /not a JSON object \(HTTP 200, application\/json\): "null"/],
  ['[]', 'application/json', '[]', /not a JSON object \(HTTP 200, application\/json\): "\[\]"/],
  ['escape sequences', 'text/html', '\x1b]0;pwned\x07\x1b[2J<b>oops', /not JSON \(HTTP 200, text\/html\): "<b>oops"/],
];
for (const [what, contentType, body, message] of notJson) {
  test(`row 16: a token response that is ${what} → parse error with a short sanitized excerpt, nothing stored`, async () => {
    const stderr = await refused({ token: { contentType, body } }, message);
    assert.ok(!stderr.includes('\x1b') && !stderr.includes('\x07'));
  });
}

test('row 16: the excerpt of a form-encoded token response never shows the token', async () => {
  const token = `gho_${'A1b2C3d4'.repeat(5)}`;
  s.op.issued.add(token);
  const stderr = await refused(
    { token: { contentType: 'application/x-www-form-urlencoded', body: `access_token=${token}&token_type=bearer` } },
    /not JSON \(HTTP 200, application\/x-www-form-urlencoded\): "access_token=\[…\]&token_type=bearer"/,
  );
  assert.ok(!stderr.includes(token));
});

test('row 16: a userinfo answer that is an HTML page is quoted the same way, nothing stored', async () => {
  await refused(
    { userinfo: { body: '<html>\x1b[31mMaintenance</html>' } },
    /The provider's answer to the userinfo request is not JSON \(HTTP 200, text\/html\): "<html>Maintenance<\/html>"/,
  );
});

// Row 17: malformed token responses.
const malformed: [string, Record<string, unknown>, RegExp][] = [
  ['no access_token', { access_token: undefined }, /"access_token" property must be a string/],
  ['a numeric access_token', { access_token: 12345 }, /"access_token" property must be a string/],
  ['an empty access_token', { access_token: '' }, /"access_token" property must not be empty/],
  ['no token_type', { token_type: undefined }, /"token_type" property must be a string/],
  ['token_type "mac"', { token_type: 'mac' }, /token_type "mac"; only Bearer tokens are supported/],
  [
    'token_type "DPoP" (never asked for)',
    { token_type: 'DPoP' },
    /token_type "dpop"; only Bearer tokens are supported/,
  ],
  ['expires_in "never"', { expires_in: 'never' }, /"expires_in" property must be a number/],
  ['a negative expires_in', { expires_in: -60 }, /"expires_in" property must be a non-negative number/],
  ['an object refresh_token', { refresh_token: {} }, /"refresh_token" property must be a string/],
  ['an array scope', { scope: ['openid'] }, /"scope" property must be a string/],
  ['a numeric id_token', { id_token: 42 }, /"id_token" property must be a string/],
  ['no id_token (OpenID Connect requires one)', { id_token: undefined }, /"id_token" property must be a string/],
];
for (const [what, fields, message] of malformed) {
  test(`row 17: a token response with ${what} is rejected, nothing stored`, async () => {
    await refused({ token: { fields } }, message);
    assert.equal(s.op.count('userinfo'), 0);
  });
}

for (const tokenType of ['bearer', 'BEARER', 'bEaReR']) {
  test(`row 17: token_type "${tokenType}" is accepted (Bearer in any case)`, async () => {
    const { code, stderr, login } = await loginAgainst({ token: { fields: { token_type: tokenType } } });
    assert.equal(code, 0, stderr);
    assert.equal(login.stored(), true);
  });
}

test('row 17: an absurd expires_in (1e300) is ignored, not turned into an invalid date', async () => {
  const { code, stdout, stderr } = await loginAgainst({ token: { fields: { expires_in: 1e300 } } }, ['--json']);
  assert.equal(code, 0, stderr);
  assert.equal(JSON.parse(stdout).expires_at, null);
});

// Row 18: ID tokens that must not pass, each with its own message.
const badIdTokens: [string, Plan['token'], RegExp][] = [
  ['a bad signature', { idToken: { signature: 'tampered' } }, /ID token signature is invalid/],
  [
    'alg "none"',
    { idToken: { signature: 'none' } },
    /ID token is signed with alg "none", which the provider does not advertise/,
  ],
  [
    'an unknown kid',
    { idToken: { signature: 'unknown-key' } },
    /ID token is signed with a key the provider does not publish/,
  ],
  ['a wrong nonce', { idToken: { claims: { nonce: 'replayed' } } }, /ID token.*"nonce"/],
  ['no nonce', { idToken: { claims: { nonce: undefined } } }, /JWT "nonce" \(nonce\) claim missing/],
  ['a wrong aud', { idToken: { claims: { aud: 'another-client' } } }, /ID token.*"aud"/],
  ['a wrong azp', { idToken: { claims: { aud: [CLIENT_ID, 'other'], azp: 'other' } } }, /ID token.*"azp"/],
  ['a wrong iss', { idToken: { claims: { iss: 'https://evil.example' } } }, /ID token.*"iss"/],
  ['an expired exp', { idToken: { claims: { exp: Math.floor(Date.now() / 1000) - 3600 } } }, /ID token has expired/],
];
// One test with a subtest per bad ID token: the messages are compared inside the test that collects them, so the
// comparison never depends on other tests having run first.
test('row 18: each rejected ID token had a message of its own', async (t) => {
  const messages = new Map<string, string>();
  for (const [what, token, message] of badIdTokens) {
    await t.test(`row 18: an ID token with ${what} is rejected with its own message, nothing stored`, async () => {
      const stderr = await refused({ token }, message);
      assert.equal(s.op.count('userinfo'), 0, 'the access token was never used');
      messages.set(what, stderr.split('\n').find((l) => l.startsWith('✗')) ?? '');
    });
  }
  assert.equal(messages.size, badIdTokens.length, 'every case ran and was refused');
  assert.equal(new Set(messages.values()).size, badIdTokens.length, [...messages.entries()].join('\n'));
});

// Row 19: a hostile discovery document never reaches the browser opener.
const canary = join(tempDir('oauth-login-canary-'), 'pwned');
const hostileEndpoints: [string, Record<string, unknown>, RegExp][] = [
  [
    'a file: authorization endpoint',
    { authorization_endpoint: 'file:///etc/passwd' },
    /authorization_endpoint must be an https/,
  ],
  ['a javascript: token endpoint', { token_endpoint: 'javascript:alert(1)' }, /token_endpoint must be an https/],
  [
    'a $(command) in the authorization endpoint',
    { authorization_endpoint: `OP/authorize$(touch ${canary})` },
    /authorization_endpoint contains characters/,
  ],
  [
    'backticks in the authorization endpoint query',
    { authorization_endpoint: `OP/authorize?x=\`touch ${canary}\`` },
    /authorization_endpoint contains characters/,
  ],
  [
    'a ; in the authorization endpoint',
    { authorization_endpoint: `OP/authorize;touch ${canary}` },
    /contains characters/,
  ],
  ['a | in the jwks_uri', { jwks_uri: `OP/jwks|touch ${canary}` }, /jwks_uri contains characters/],
  [
    "a ' in the userinfo endpoint",
    { userinfo_endpoint: "OP/userinfo'&touch x'" },
    /userinfo_endpoint contains characters/,
  ],
];
for (const [what, discovery, message] of hostileEndpoints) {
  test(`row 19: ${what} is refused before the browser opens; nothing is executed`, async () => {
    const fields = Object.fromEntries(
      Object.entries(discovery).map(([k, v]) => [k, String(v).replace(/^OP/, s.op.issuer)]),
    );
    s.op.reset({ discovery: fields });
    const calls = s.hook.calls;
    const dataHome = tempDir('oauth-login-hostile-');
    const { code, stderr } = await runCli(['fake', '--issuer', s.op.issuer, '--client-id', CLIENT_ID, '--port', '0'], {
      ...s.hook.env,
      OAUTH_LOGIN_STORE: 'file',
      XDG_DATA_HOME: dataHome,
    }).done;
    assert.equal(code, 1, stderr);
    assert.match(stderr, message);
    assert.equal(s.hook.calls, calls, 'the browser hook was never called');
    assert.equal(s.op.count('discovery'), 1);
    assert.equal(s.op.count('authorize') + s.op.count('token'), 0);
    assert.equal(existsSync(canary), false, 'nothing was executed');
  });
}

// Row 20.
test('row 20: a userinfo sub different from the ID token sub fails the login, nothing stored', async () => {
  await refused({ userinfo: { sub: 'mallory' } }, /userinfo "sub" differs from the ID token's/);
  assert.equal(s.op.count('userinfo'), 1);
});

// Row 21: redirects carry credentials (client secret, code, verifier, bearer token): never followed.
for (const status of [302, 307, 308]) {
  test(`row 21: a token endpoint answering ${status} is not followed with the client credentials`, async () => {
    s.op.reset({ token: { status, redirectTo: '/stolen' } });
    const login = await startLogin(s.op, s.hook, ['--client-secret-stdin'], {}, `${CLIENT_SECRET}\n`);
    await visit(await authorize(login.url));
    const { code, stderr } = await login.run.done;
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`answered the token request with HTTP ${status} \\(a redirect, not followed\\)`));
    assert.deepEqual(s.op.stolen, [], 'nothing reached the redirect target');
    assert.equal(login.stored(), false);
  });
}

test('row 21: a userinfo endpoint answering a redirect is not followed with the access token', async () => {
  await refused({ userinfo: { redirectTo: '/stolen' } }, /userinfo request with HTTP 307 \(a redirect, not followed\)/);
  assert.deepEqual(s.op.stolen, []);
});
