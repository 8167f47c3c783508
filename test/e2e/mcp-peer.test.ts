import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../demo/chromium.js';
import { BrowserHook, runCli, transcript } from '../support/cli.js';
import { dataHome, loginWithBrowser } from '../support/e2e.js';
import { toolNames, whoami } from '../support/mcp-client.js';
import { type McpPeer, startMcpPeer, TOOL_NAMES } from '../support/mcp-server.js';

// The peer is the official MCP TypeScript SDK: its bearer middleware, metadata, registration, authorization and
// token endpoints, and its client. What these tests prove is that oauth-login interoperates with it as it is.
let peer: McpPeer;
let browser: Browser;
let hook: BrowserHook;
before(async () => {
  peer = await startMcpPeer();
  browser = await launchChromium();
  hook = await BrowserHook.start();
});
after(async () => {
  await browser?.close();
  await hook?.close();
  await peer?.close();
});

test('login <MCP URL> registers with the SDK, signs in, and its token lists the tools through the SDK client; a re-login and a refresh reuse the registration', async () => {
  const env = { ...hook.env, ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const login = await loginWithBrowser({ browser, hook }, ['login', peer.url, '--json', '--timeout', '60'], env);
  assert.equal(login.code, 0, login.stderr);
  assert.equal(JSON.parse(login.stdout).provider, peer.url, 'stored under the resource identifier');

  assert.equal(peer.seen.registrations.length, 1, 'one Dynamic Client Registration');
  const [registered] = peer.seen.registrations;
  assert.equal(registered?.token_endpoint_auth_method, 'none', 'a public client: PKCE, no secret');
  assert.equal(registered?.client_name, 'oauth-login');
  const [redirect] = registered?.redirect_uris ?? [];
  assert.equal(registered?.redirect_uris.length, 1);
  assert.match(redirect ?? '', /^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+\/callback$/, 'a loopback redirect URI');

  const token = await runCli(['token', peer.url], env).done;
  assert.equal(token.code, 0, token.stderr);
  assert.deepEqual(await toolNames(peer.url, token.stdout.trim()), [...TOOL_NAMES].sort());
  assert.deepEqual(
    await whoami(peer.url, token.stdout.trim()),
    { clientId: registered?.client_id, resource: peer.url },
    'the SDK saw the registered client and the resource indicator (RFC 8707) the token is bound to',
  );
  assert.deepEqual(peer.seen.resources, [
    { step: 'authorize', resource: peer.url },
    { step: 'code', resource: peer.url },
  ]);

  // Signing in again (on another loopback port, which the SDK accepts for the registered loopback URI: RFC 8252
  // §7.3) uses the client registered the first time.
  const again = await loginWithBrowser({ browser, hook }, ['login', peer.url, '--force', '--port', '0'], env);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(peer.seen.registrations.length, 1, 'no second registration');
  const [first, second] = peer.seen.redirects.map((r) => new URL(r));
  assert.equal(first?.href, redirect, 'the first login redirected to the registered URI');
  assert.notEqual(second?.port, first?.port, 'the second login listened on another port');
  assert.equal(second?.pathname, first?.pathname);

  // A refresh (forced: no token lasts two hours here) with the registered client, for the same resource.
  const previous = (await runCli(['token', peer.url], env).done).stdout.trim();
  const refreshed = await runCli(['token', peer.url, '--min-ttl', '7200'], env).done;
  assert.equal(refreshed.code, 0, refreshed.stderr);
  const fresh = refreshed.stdout.trim();
  assert.notEqual(fresh, previous, 'a new access token');
  assert.deepEqual(peer.seen.resources.at(-1), { step: 'refresh', resource: peer.url });
  assert.deepEqual(await toolNames(peer.url, fresh), [...TOOL_NAMES].sort(), 'the SDK accepts the refreshed token');
  assert.equal(peer.seen.registrations.length, 1);

  const printed = transcript.join('');
  assert.deepEqual(
    peer.seen.refreshTokens.filter((t) => printed.includes(t)),
    [],
    'no refresh token is ever printed',
  );
});

test('a token the SDK did not issue is refused by its bearer middleware: the tools are listed only with a login', async () => {
  await assert.rejects(toolNames(peer.url, 'not-a-token'), /401|invalid_token|Unauthorized/i);
});
