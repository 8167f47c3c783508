import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { completeLogin } from '../../demo/chromium.js';
import { runCli } from '../support/cli.js';
import { browserContext, e2eSetup } from '../support/e2e.js';
import { rawRequest } from '../support/http.js';
import { followStart } from '../support/start-page.js';

const e = e2eSetup({ accounts: { mallory: { name: '<img src=x onerror=alert(1)>\x1b]0;pwned\x07Mallory' } } });

const portOf = (authorizationUrl: string) =>
  Number(new URL(new URL(authorizationUrl).searchParams.get('redirect_uri') as string).port);

async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browserContext(e.browser);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

test('login succeeds on the default redirect URI http://localhost:5000/callback and prints one JSON object', async () => {
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--json'], e.hook.env);
  const opened = await e.hook.nextOpened();
  const url = await followStart(opened);
  const authorization = new URL(url);
  assert.equal(authorization.searchParams.get('redirect_uri'), 'http://localhost:5000/callback');
  assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authorization.searchParams.get('nonce'));
  await withPage(async (page) => {
    await completeLogin(page, url, { login: 'ada' });
    await page.waitForSelector('text=Signed in');
    assert.match((await page.textContent('body')) ?? '', /Signed in as Ada Lovelace <ada@example\.test>/);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/success-page.png' });
  });
  const { code, stdout, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON object on stdout');
  const out = JSON.parse(lines[0] as string);
  assert.equal(out.provider, 'demo');
  assert.deepEqual(
    { id: out.profile.id, name: out.profile.name, email: out.profile.email, username: out.profile.username },
    { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.test', username: 'ada' },
  );
  assert.match(out.scope, /openid/);
  assert.ok(Date.parse(out.expires_at) > Date.now());
  assert.equal(out.access_token, undefined, 'tokens are not printed unless asked for');
  assert.ok(stderr.includes(opened), 'the URL the browser was given is always printed on stderr');
  const state = new URL(url).searchParams.get('state') ?? '';
  assert.ok(!stderr.includes(state) && !opened.includes(state), 'the browser and the terminal get the start page only');
  assert.ok(await portIsFree(5000), 'the listener is closed');
});

test('--show-tokens adds access, refresh and ID tokens to the JSON', async () => {
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0', '--json', '--show-tokens'], e.hook.env);
  const url = await e.hook.next(); // follows the start page, so the page's context gets its cookie
  await withPage(async (page) => completeLogin(page, url, { login: 'ada' }));
  const { code, stdout, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.ok(out.access_token && out.refresh_token && out.id_token.split('.').length === 3);
});

test('without --json, the profile goes to stdout as key: value lines and the summary to stderr', async () => {
  const run = runCli(['login', 'demo', '--issuer', e.idp.issuer, '--port', '0'], e.hook.env);
  const url = await e.hook.next(); // follows the start page, so the page's context gets its cookie
  await withPage(async (page) => completeLogin(page, url, { login: 'ada' }));
  const { code, stdout, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^provider: demo\nid: ada\nname: Ada Lovelace\n/);
  assert.match(stderr, /✓ Signed in to .* as Ada Lovelace <ada@example\.test>/);
});

test('a hostile profile name is HTML-escaped on the page and stripped of escapes on the terminal', async () => {
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0'], e.hook.env);
  const url = await e.hook.next();
  await withPage(async (page) => {
    await completeLogin(page, url, { login: 'mallory' });
    const html = await page.content();
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;Mallory'), html);
    assert.equal(await page.$('img'), null);
  });
  const { code, stdout, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.ok(!stdout.includes('\x1b') && !stderr.includes('\x1b'), 'no escape sequence reaches the terminal');
  assert.match(stdout, /name: <img src=x onerror=alert\(1\)>Mallory/);
});

test('access_denied ends the login with the "cancelled" exit code 2', async () => {
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0'], e.hook.env);
  const url = await e.hook.next();
  await withPage(async (page) => {
    await completeLogin(page, url, { login: 'ada', action: 'deny' });
    assert.match((await page.textContent('body')) ?? '', /Sign-in cancelled/);
  });
  const { code, stdout, stderr } = await run.done;
  assert.equal(code, 2, stderr);
  assert.equal(stdout, '');
  assert.match(stderr, /cancelled or denied/);
});

test('a wrong-state callback and a foreign Host get 4xx; the real callback still completes the login', async () => {
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0'], e.hook.env);
  const url = await e.hook.next();
  const port = portOf(url);
  const forged = await rawRequest(port, '/callback?code=stolen&state=forged');
  assert.equal(forged.status, 400);
  const rebound = await rawRequest(port, `/callback?code=x&state=${new URL(url).searchParams.get('state')}`, {
    host: 'evil.example',
  });
  assert.equal(rebound.status, 403);
  assert.equal(run.child.exitCode, null, 'still waiting');
  await withPage(async (page) => completeLogin(page, url, { login: 'ada' }));
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Ignored a request to the callback listener/);
});

test('--timeout ends the wait with exit code 3 and frees the port', async () => {
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0', '--timeout', '1'], e.hook.env);
  const port = portOf(await e.hook.next());
  const { code, stderr } = await run.done;
  assert.equal(code, 3, stderr);
  assert.match(stderr, /Timed out after 1 s/);
  assert.ok(await portIsFree(port));
});

test('SIGINT while waiting closes the listener and exits 130', async () => {
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0'], e.hook.env);
  const port = portOf(await e.hook.next());
  run.child.kill('SIGINT');
  const { code, stderr } = await run.done;
  assert.equal(code, 130, stderr);
  assert.ok(await portIsFree(port));
});

test('SIGTERM while waiting exits 143', async () => {
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0'], e.hook.env);
  await e.hook.next();
  run.child.kill('SIGTERM');
  assert.equal((await run.done).code, 143);
});

test('a port in use is a clear error naming --port, and no browser opens', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  const calls = e.hook.calls;
  const { code, stderr } = await runCli(['demo', '--issuer', e.idp.issuer, '--port', String(port)], e.hook.env).done;
  blocker.close();
  assert.equal(code, 1);
  assert.match(stderr, new RegExp(`Port ${port} .* already in use`));
  assert.match(stderr, /--port/);
  assert.equal(e.hook.calls, calls);
});

test('a discovery issuer mismatch stops before any browser opens', async () => {
  const calls = e.hook.calls;
  const other = e.idp.issuer.replace('127.0.0.1', 'localhost');
  const { code, stderr } = await runCli(['demo', '--issuer', other, '--port', '0'], e.hook.env).done;
  assert.equal(code, 1);
  assert.match(stderr, /names the issuer "http:\/\/127\.0\.0\.1:\d+", not http:\/\/localhost/);
  assert.match(stderr, /configure exactly that issuer \(--issuer http:\/\/127\.0\.0\.1:\d+\)/);
  assert.equal(e.hook.calls, calls);
});

test('the localhost redirect is also served on ::1 (a browser that resolves localhost to IPv6)', async () => {
  const v6 = await launchChromiumResolvingLocalhostToIpv6();
  try {
    const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0'], e.hook.env);
    const url = await e.hook.next();
    const page = await (await browserContext(v6)).newPage();
    const callbackAddress = new Promise<string | undefined>((resolve) => {
      page.on('response', (r) => {
        if (new URL(r.url()).pathname === '/callback') void r.serverAddr().then((a) => resolve(a?.ipAddress));
      });
    });
    await completeLogin(page, url, { login: 'ada' });
    const { code, stderr } = await run.done;
    assert.equal(code, 0, stderr);
    assert.match((await callbackAddress) ?? 'none', /^\[?::1\]?$/);
  } finally {
    await v6.close();
  }
});

async function launchChromiumResolvingLocalhostToIpv6(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--host-resolver-rules=MAP localhost [::1]',
    ],
  });
}
