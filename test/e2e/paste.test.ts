import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, completeLogin, launchChromium } from '../../demo/chromium.js';
import { type Idp, startIdp } from '../../demo/idp.js';
import { BrowserHook, type CliRun, runCli, runCliInPty, waitForOutput } from '../support/cli.js';
import { browserContext } from '../support/e2e.js';

// The person's browser is on another machine: its redirect to http://localhost:PORT/callback reaches nothing there,
// so they copy the address from the address bar into the terminal. The CLI runs on a real pseudo-terminal (script).

let idp: Idp;
let browser: Browser;
let hook: BrowserHook;
let remote: Browser;

before(async () => {
  console.info = () => {};
  idp = await startIdp();
  browser = await launchChromium();
  hook = await BrowserHook.start();
  const { chromium } = await import('playwright-core');
  remote = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--host-resolver-rules=MAP localhost ~NOTFOUND',
    ],
  });
});

after(async () => {
  await remote?.close();
  await browser?.close();
  await idp?.close();
  await hook?.close();
});

/**
 * Signs in at the provider in a browser on "another machine": there, localhost does not resolve to this one, so the
 * redirect to the callback fails, as it would for a person over SSH. Returns that redirect URL.
 */
async function redirectFromRemoteBrowser(authorizationUrl: string): Promise<string> {
  const page = await remote.newPage();
  let redirect: string | undefined;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/callback') redirect = request.url();
  });
  try {
    await completeLogin(page, authorizationUrl, { login: 'ada' });
  } finally {
    await page.close();
  }
  assert.ok(redirect, 'the provider redirected to the callback');
  return redirect;
}

const SSH = { SSH_CONNECTION: '192.0.2.10 50000 192.0.2.1 22' };
const printedUrl = async (run: CliRun) =>
  (await waitForOutput(run.stderrSoFar, /^ {2}(http:\/\/\S+\/auth\?\S+?)\r?$/m))[1] as string;
const type = (run: CliRun, text: string) => run.child.stdin?.write(`${text}\n`);

test('over SSH on a terminal: the pasted redirect URL completes the login', async () => {
  const calls = hook.calls;
  const run = runCliInPty(['demo', '--issuer', idp.issuer, '--port', '0', '--store', 'none'], {
    ...hook.systemEnv,
    ...SSH,
  });
  const url = await printedUrl(run);
  // One line above the URL: why, where to paste, and the real ssh -L command (the listener's port).
  assert.match(
    run.stderrSoFar(),
    /^SSH session without a display: not opening a browser\. Open the URL below in any browser, then paste here the address it ends on and press Enter, or forward the port with: ssh -L (\d+):localhost:\1 \S*192\.0\.2\.1\.\r?$/m,
  );
  // The countdown moves on the line above the one the person types on (cursor saved, moved up, restored).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape sequences is the point
  const redraw = /\x1b7\x1b\[1A\r\x1b\[2KWaiting for the browser, or the address pasted here… \(\d+:\d\d left\)\x1b8/;
  await waitForOutput(run.stderrSoFar, redraw);
  type(run, await redirectFromRemoteBrowser(url));
  const { code, stdout } = await run.done;
  assert.equal(code, 0, stdout);
  assert.match(stdout, /✓ Signed in to .* as Ada Lovelace/);
  assert.match(stdout, /^id: ada\r?$/m);
  assert.equal(hook.calls, calls, 'no browser launched over SSH');
});

test('a pasted URL with the wrong state is refused and it keeps waiting; then the right one completes', async () => {
  const run = runCliInPty(['demo', '--issuer', idp.issuer, '--port', '0', '--store', 'none', '--no-browser']);
  const redirect = await redirectFromRemoteBrowser(await printedUrl(run));
  const forged = new URL(redirect);
  forged.searchParams.set('state', 'forged-state');
  type(run, forged.href);
  await waitForOutput(run.stderrSoFar, /Refused the pasted URL \(Unknown sign-in response: .*\); still waiting\./);
  const wrongPath = new URL(redirect);
  wrongPath.pathname = '/elsewhere';
  type(run, wrongPath.href);
  await waitForOutput(run.stderrSoFar, /Refused the pasted URL \(Not the redirect URL: .*\); still waiting\./);
  await sleep(200);
  assert.equal(run.child.exitCode, null, 'still waiting');
  type(run, redirect);
  const { code, stdout } = await run.done;
  assert.equal(code, 0, stdout);
  assert.match(stdout, /✓ Signed in/);
});

test('a pasted callback still goes through the iss check (RFC 9207): a wrong iss is refused after the paste', async () => {
  const run = runCliInPty(['demo', '--issuer', idp.issuer, '--port', '0', '--store', 'none', '--no-browser']);
  const redirect = new URL(await redirectFromRemoteBrowser(await printedUrl(run)));
  redirect.searchParams.set('iss', 'https://evil.example');
  type(run, redirect.href);
  const { code, stdout } = await run.done;
  assert.equal(code, 1, stdout);
  assert.match(stdout, /failed validation/);
});

test('on a terminal with a browser opened here, the browser callback completes and no paste prompt is shown', async () => {
  const run = runCliInPty(['demo', '--issuer', idp.issuer, '--port', '0', '--store', 'none'], hook.env);
  const url = await hook.next(); // follows the start page first, so the context gets its cookie
  const context = await browserContext(browser);
  try {
    await completeLogin(await context.newPage(), url, { login: 'ada' });
  } finally {
    await context.close();
  }
  const { code, stdout } = await run.done;
  assert.equal(code, 0, stdout);
  assert.ok(!/paste the address/.test(stdout), 'the browser opened here: no paste prompt shown');
});

test('without a terminal nothing prompts and stdin is not read for a URL', async () => {
  const run = runCli(['demo', '--issuer', idp.issuer, '--port', '0', '--store', 'none', '--no-browser']);
  await printedUrl(run);
  await sleep(300);
  run.child.kill('SIGTERM');
  const { stderr } = await run.done;
  assert.ok(!/paste/i.test(stderr), stderr);
});
