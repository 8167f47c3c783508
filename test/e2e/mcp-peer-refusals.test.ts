import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { BrowserHook, runCli } from '../support/cli.js';
import { dataHome } from '../support/e2e.js';
import { toolNames } from '../support/mcp-client.js';
import { type McpPeer, type PeerOptions, startMcpPeer } from '../support/mcp-server.js';

// What the MCP TypeScript SDK's server refuses, and what oauth-login refuses of it: each fails before a browser opens.
let hook: BrowserHook;
before(async () => {
  hook = await BrowserHook.start();
});
after(() => hook?.close());

/** A token from the peer's own endpoints, by hand, with no resource indicator on any request. */
async function unboundToken(at: McpPeer): Promise<string> {
  const post = (path: string, type: string, body: string) =>
    fetch(new URL(path, at.issuer), { method: 'POST', headers: { 'content-type': type }, body });
  const redirect_uri = 'http://127.0.0.1:9/callback';
  const metadata = { redirect_uris: [redirect_uri], token_endpoint_auth_method: 'none' };
  const registered = await post('/register', 'application/json', JSON.stringify(metadata));
  const client = (await registered.json()) as { client_id: string };
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL('/authorize', at.issuer);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const location = (await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '';
  const code = new URL(location).searchParams.get('code') ?? '';
  const form = { grant_type: 'authorization_code', client_id: client.client_id, code, code_verifier: verifier };
  const tokens = await post(
    '/token',
    'application/x-www-form-urlencoded',
    `${new URLSearchParams({ ...form, redirect_uri })}`,
  );
  return ((await tokens.json()) as { access_token: string }).access_token;
}

test("a token the SDK's server issued without the resource indicator is refused by its bearer middleware", async () => {
  const own = await startMcpPeer();
  try {
    const token = await unboundToken(own);
    assert.deepEqual(own.seen.resources, [
      { step: 'authorize', resource: undefined },
      { step: 'code', resource: undefined },
    ]);
    await assert.rejects(toolNames(own.url, token), /401|invalid_token|Unauthorized/i);
    // A real token of its server, refused only for the missing binding (not as unknown, as 'not-a-token' is).
    const answer = await fetch(own.url, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(answer.status, 401);
    assert.match(answer.headers.get('www-authenticate') ?? '', /Token was not issued for this resource/);
  } finally {
    await own.close();
  }
});

/** `login <URL>` against a peer started for one test: it must fail before any browser opens, storing nothing. */
async function refusedLogin(options: PeerOptions) {
  const bad = await startMcpPeer(options);
  try {
    const env = { ...hook.env, ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
    const opened = hook.calls;
    const run = await runCli(['login', bad.url, '--timeout', '20'], env).done;
    assert.equal(hook.calls, opened, 'no browser was opened');
    const status = await runCli(['status', '--json'], env).done;
    assert.deepEqual(JSON.parse(status.stdout), [], 'nothing stored');
    return { ...run, url: bad.url, issuer: bad.issuer, seen: bad.seen };
  } finally {
    await bad.close();
  }
}

test('an SDK server without registration: login <URL> says to pass --client-id and stores nothing', async () => {
  const run = await refusedLogin({ registration: 'none' });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /offers no client registration/);
  assert.match(run.stderr, /--client-id/);
});

test("a registration the SDK refuses: login <URL> shows the status and the server's reason, and stores nothing", async () => {
  const run = await refusedLogin({ registration: 'refused' });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /client registration at http:\/\/127\.0\.0\.1:\d+\/register was refused with HTTP 400/);
  assert.match(run.stderr, /registrations are closed on this server/);
});

test('an SDK server configured under another host (its metadata names that resource): refused before registering', async () => {
  const run = await refusedLogin({ resourceHost: 'localhost' });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /names the resource "http:\/\/localhost:\d+\/mcp", not http:\/\/127\.0\.0\.1:\d+\/mcp/);
  assert.equal(run.seen.registrations.length, 0, 'no client registered with a server the resource did not vouch for');
});
