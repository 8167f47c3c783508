// What a failing provider turns into (error-mapping.ts toLoginError), reached through the real oauth4webapi calls of a
// refresh, a client-credentials grant and discovery against the fake OP: code, exit code and a message that names
// what happened (the status, an excerpt, the limit, the host).
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { ExitCode, type LoginError } from '../../src/errors.js';
import { mintTokens } from '../../src/flows/client-credentials.js';
import { refreshTokens } from '../../src/flows/refresh.js';
import { discover } from '../../src/providers/discover.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { useFetch } from '../../src/transport.js';
import { CLIENT_ID, CLIENT_SECRET, type TokenPlan } from '../support/fake-op.js';
import { fakeOpPerFile } from '../support/inproc.js';

const s = fakeOpPerFile();
const signal = new AbortController().signal;
const client = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
const server = () => ({ issuer: s.op.issuer, token_endpoint: `${s.op.issuer}/token` });
const refresh = () =>
  refreshTokens(server(), client, { access_token: '', token_type: 'bearer', refresh_token: 'rt' }, signal);
const mint = () => mintTokens(server(), client, { scope: 'api:read' }, signal);
const provider = (issuer: string) =>
  resolveProvider('fake', { path: '/no/config.json', providers: {} }, {}, { issuer, clientId: CLIENT_ID });

/** Both renewals, against the same scripted token endpoint, fail with this code and a message matching `message`. */
async function bothFail(plan: TokenPlan, code: string, message: RegExp): Promise<void> {
  for (const call of [refresh, mint]) {
    s.op.reset({ token: plan });
    await assert.rejects(call(), (err: LoginError) => {
      assert.equal(err.code, code, err.message);
      assert.equal(err.exitCode, ExitCode.error);
      assert.match(err.message, message);
      return true;
    });
    assert.equal(s.op.count('token'), 1, 'asked once, never retried');
  }
}

test('a token endpoint 400 {"error":"invalid_client"} is provider_error naming the error and HTTP 400', () =>
  bothFail(
    { status: 400, body: '{"error":"invalid_client"}' },
    'provider_error',
    /refused .*: invalid_client \(HTTP 400\)/,
  ));

test("the provider's error_description is part of the message: Entra ID's AADSTS text is often the only why", async () => {
  const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmNvcnAvYXBwIn0.c2lnbmF0dXJl';
  const description = `AADSTS70021: No matching federated identity record found for presented assertion.\n${token}\u001b[31m`;
  const body = JSON.stringify({ error: 'invalid_client', error_description: description });
  for (const call of [refresh, mint]) {
    s.op.reset({ token: { status: 401, body } });
    await assert.rejects(call(), (err: LoginError) => {
      assert.equal(err.code, 'provider_error');
      assert.match(
        err.message,
        /: invalid_client \(HTTP 401\): AADSTS70021: No matching federated identity record found for presented assertion\. \[…\]$/,
      );
      assert.ok(!err.message.includes(token) && !err.message.includes('\u001b'), 'masked and terminal-safe');
      assert.match(err.hint ?? '', /how the client authenticates/);
      assert.doesNotMatch(err.hint ?? '', /redirect URI/);
      return true;
    });
  }
});

test('a token endpoint answer that is not JSON is bad_response quoting an excerpt of it', () =>
  bothFail(
    { contentType: 'text/plain', body: 'Internal error, try later' },
    'bad_response',
    /is not JSON \(HTTP 200, text\/plain\): "Internal error, try later"/,
  ));

test('a 302 from the token endpoint is not followed: bad_status "a redirect, not followed"', async () => {
  await bothFail({ status: 302, redirectTo: '/stolen' }, 'bad_status', /with HTTP 302 \(a redirect, not followed\)\./);
  assert.equal(s.op.count('stolen'), 0, 'nothing reached the redirect target');
});

test('a token endpoint that never answers is network_timeout naming OAUTH_LOGIN_HTTP_TIMEOUT_MS', async (t) => {
  process.env.OAUTH_LOGIN_HTTP_TIMEOUT_MS = '200'; // the transport reads the process environment
  t.after(() => delete process.env.OAUTH_LOGIN_HTTP_TIMEOUT_MS);
  await bothFail({ delayMs: Number.POSITIVE_INFINITY }, 'network_timeout', /did not answer the .* within 0\.2 s\./);
});

test('a refused connection is network_error naming the host, for discovery and the token endpoint', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise((resolve) => closed.close(resolve));
  const origin = `http://127.0.0.1:${port}`;
  const refused = (err: LoginError) => {
    assert.equal(err.code, 'network_error');
    assert.ok(err.message.includes(`Could not reach ${origin} during `), err.message);
    assert.match(err.message, /ECONNREFUSED/);
    return true;
  };
  await assert.rejects(discover(provider(origin), signal), refused);
  await assert.rejects(mintTokens({ token_endpoint: `${origin}/token` }, client, {}, signal), refused);
});

test('discovery that answers HTML is bad_response quoting an excerpt', async (t) => {
  t.after(
    useFetch(async () => new Response('<h1>Sign in to the proxy</h1>', { headers: { 'content-type': 'text/html' } })),
  );
  await assert.rejects(discover(provider('https://op.example'), signal), (err: LoginError) => {
    assert.equal(err.code, 'bad_response');
    assert.match(
      err.message,
      /OpenID discovery at https:\/\/op\.example\/ is not JSON \(HTTP 200, text\/html\): "<h1>Sign in/,
    );
    return true;
  });
});

test('discovery naming another issuer is issuer_mismatch, before any token request', async () => {
  s.op.reset({ discovery: { issuer: 'https://evil.example' } });
  await assert.rejects(discover(provider(s.op.issuer), signal), { code: 'issuer_mismatch' });
  assert.equal(s.op.count('token'), 0);
});
