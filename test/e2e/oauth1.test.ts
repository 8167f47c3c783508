// `oauth-login twitter` against oauthlib's OAuth 1.0a endpoints (Debian's python3-oauthlib), with headless Chromium
// clicking Allow or Deny on the provider's page, and the built CLI as a process.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../demo/chromium.js';
import { BrowserHook, runCli, transcript } from '../support/cli.js';
import { rawRequest } from '../support/http.js';
import { type Oauth1Server, oauth1Entry, startOauth1Server } from '../support/oauth1-server.js';
import { browserContext } from '../support/e2e.js';
import { tempDir } from '../support/tmp.js';

let server: Oauth1Server;
let browser: Browser;
let hook: BrowserHook;
let config: string;

before(async () => {
  server = await startOauth1Server();
  browser = await launchChromium();
  hook = await BrowserHook.start();
  config = join(tempDir('oauth-login-oauth1-'), 'config.json');
  const providers = {
    // The preset, pointed at the test server: only endpoints and the consumer key change.
    twitter: oauth1Entry(server, server.client),
    // Any OAuth 1.0a provider can be configured the same way.
    legacy: { protocol: 'oauth1', profile: 'twitter', ...oauth1Entry(server, server.unconfirmed) },
  };
  writeFileSync(config, JSON.stringify({ providers }));
});

after(async () => {
  await browser?.close();
  await hook?.close();
  server?.close();
});

const newDataHome = () => ({
  XDG_DATA_HOME: tempDir('oauth-login-data-'),
  OAUTH_LOGIN_STORE: 'file',
});
const cli = (args: string[], env: NodeJS.ProcessEnv = {}, input?: string) =>
  runCli([...args, '--config', config], { ...hook.env, ...env }, input);

/** Opens the provider's page in Chromium, clicks Allow or Deny, and returns the text of the page the CLI answered. */
async function decide(url: string, choice: 'allow' | 'deny'): Promise<string> {
  const context = await browserContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(url);
    await Promise.all([page.waitForURL(/\/callback\?/), page.click(`#${choice}`)]);
    return (await page.textContent('body')) ?? '';
  } finally {
    await context.close();
  }
}

async function login(env: NodeJS.ProcessEnv, extra: string[] = []) {
  const run = cli(['twitter', '--port', '0', '--json', '--client-secret-stdin', ...extra], env, server.client.secret);
  const page = await decide(await hook.next(), 'allow');
  const result = await run.done;
  assert.equal(result.code, 0, result.stderr);
  return { ...result, page, out: JSON.parse(result.stdout) };
}

test('twitter: three-legged OAuth 1.0a login; the Twitter profile is printed and the login stored', async () => {
  const env = newDataHome();
  const { out, page, stderr } = await login(env, ['--show-tokens']);
  assert.match(page, /Signed in as Ada Lovelace <ada@example\.test>/);
  assert.deepEqual(
    { ...out.profile, raw: undefined },
    {
      id: '1442633440221876225', // id_str: the numeric id is beyond what a JavaScript number holds
      name: 'Ada Lovelace',
      username: 'ada',
      email: 'ada@example.test',
      picture: 'https://pbs.twimg.com/profile_images/1/ada_normal.png',
      raw: undefined,
    },
  );
  assert.ok(out.oauth_token && out.oauth_token_secret, 'token credentials with --show-tokens');
  assert.equal(out.expires_at, null, 'OAuth 1.0a tokens do not expire');
  assert.match(stderr, /✓ Signed in to .* as Ada Lovelace <ada@example\.test> \(tokens: private file\)/);
  const index = readFileSync(join(env.XDG_DATA_HOME, 'oauth-login', 'index.json'), 'utf8');
  const entry = JSON.parse(index).logins['twitter:ada'];
  assert.deepEqual([entry.kind, entry.client_id], ['oauth1', server.client.key]);
  assert.ok(!index.includes(out.oauth_token_secret) && !index.includes(server.client.secret), 'no secret in the index');
});

test('token twitter: json gives oauth_token and oauth_token_secret; header points at `sign`', async () => {
  const env = newDataHome();
  const { out } = await login(env, ['--show-tokens']);
  const json = await cli(['token', 'twitter', '--format', 'json'], env).done;
  assert.equal(json.code, 0, json.stderr);
  const tokens = JSON.parse(json.stdout);
  assert.deepEqual([tokens.oauth_token, tokens.oauth_token_secret], [out.oauth_token, out.oauth_token_secret]);
  assert.equal((await cli(['token', 'twitter'], env).done).stdout, `${out.oauth_token}\n`);
  const header = await cli(['token', 'twitter', '--format', 'header'], env).done;
  assert.equal(header.code, 1);
  assert.equal(header.stdout, '');
  assert.match(header.stderr, /OAuth 1\.0a.*signed/);
  assert.match(header.stderr, /oauth-login sign twitter/);
});

test('sign prints a header that oauthlib’s ResourceEndpoint accepts, with a fresh nonce each time; whoami signs too', async () => {
  const env = newDataHome();
  await login(env);
  // Repeated and encoded query parameters are part of the signature too.
  const url = `${server.base}/1.1/account/verify_credentials.json?include_email=true&note=Ladies+%2B+Gentlemen%21&x=2&x=1`;
  const headers: string[] = [];
  for (let i = 0; i < 2; i++) {
    const signed = await cli(['sign', 'twitter', 'GET', url], env).done;
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stdout, /^Authorization: OAuth .*oauth_signature="[^"]+"/);
    const value = signed.stdout.trim().replace(/^Authorization: /, '');
    const response = await fetch(url, { headers: { authorization: value } });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal((await response.json()).screen_name, 'ada');
    headers.push(value);
  }
  const nonce = (h: string) => /oauth_nonce="([^"]+)"/.exec(h)?.[1];
  assert.notEqual(nonce(headers[0] as string), nonce(headers[1] as string));
  const replay = await fetch(url, { headers: { authorization: headers[0] as string } });
  assert.equal(replay.status, 401, 'the server refuses a replayed nonce');
  const whoami = await cli(['whoami', 'twitter', '--json'], env).done;
  assert.equal(whoami.code, 0, whoami.stderr);
  assert.equal(JSON.parse(whoami.stdout).profile.username, 'ada');
});

test('Deny at the provider (denied=…) ends the login as cancelled: exit 2, nothing stored', async () => {
  const env = newDataHome();
  const run = cli(['twitter', '--port', '0', '--client-secret-stdin'], env, server.client.secret);
  assert.match(await decide(await hook.next(), 'deny'), /Sign-in cancelled/);
  const { code, stdout, stderr } = await run.done;
  assert.equal(code, 2, stderr);
  assert.equal(stdout, '');
  assert.match(stderr, /cancelled or denied/);
  assert.equal((await cli(['token', 'twitter'], env).done).code, 4, 'nothing stored');
});

test('a callback with another oauth_token (or denied=) gets a 400 and the login keeps waiting', async () => {
  const run = cli(['twitter', '--port', '0', '--client-secret-stdin'], newDataHome(), server.client.secret);
  const url = await hook.next();
  const token = new URL(url).searchParams.get('oauth_token') as string;
  const port = Number(new URL(await server.callbackOf(token)).port);
  for (const query of ['oauth_token=forged&oauth_verifier=v', `oauth_token=${token}`, 'denied=forged']) {
    assert.equal((await rawRequest(port, `/callback?${query}`)).status, 400, query);
  }
  assert.equal(run.child.exitCode, null, 'still waiting');
  await decide(url, 'allow');
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Ignored a request to the callback listener/);
});

test('a provider that does not confirm the callback is refused before any browser opens', async () => {
  const calls = hook.calls;
  const { code, stderr } = await cli(['legacy', '--port', '0', '--client-secret-stdin'], {}, server.unconfirmed.secret)
    .done;
  assert.equal(code, 1);
  assert.match(stderr, /did not confirm the callback URL \(no oauth_callback_confirmed=true\)/);
  assert.equal(hook.calls, calls);
});

test('a wrong consumer secret: the server rejects the signature and the error says what to check', async () => {
  const calls = hook.calls;
  const env = { OAUTH_LOGIN_TWITTER_CLIENT_SECRET: 'not-the-secret' };
  const { code, stderr } = await cli(['twitter', '--port', '0'], env).done;
  assert.equal(code, 1);
  assert.match(stderr, /refused the request-token request \(HTTP 401\)/);
  assert.match(stderr, /consumer key and secret/);
  assert.ok(!stderr.includes('not-the-secret'));
  assert.equal(hook.calls, calls);
});

test('no consumer secret is a clear error naming the flag and the variable', async () => {
  const { code, stderr } = await cli(['twitter', '--port', '0']).done;
  assert.equal(code, 1);
  assert.match(stderr, /No consumer secret/);
  assert.match(stderr, /--client-secret-stdin.*OAUTH_LOGIN_TWITTER_CLIENT_SECRET/);
});

test('the consumer secret never reached any output of this suite', () => {
  for (const text of transcript) assert.ok(!text.includes(server.client.secret));
});
