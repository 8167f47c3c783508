import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { completeLogin } from '../../demo/chromium.js';
import { type CliRun, runCli, waitForOutput } from '../support/cli.js';
import { browserContext, e2eSetup } from '../support/e2e.js';

// Every run here uses hook.systemEnv: no $BROWSER, and a stand-in xdg-open that reports to the hook. So "the hook was
// not called" proves that the system opener was not launched, and the desktop test proves the stand-in works.

const e = e2eSetup();

const SSH = { SSH_CONNECTION: '192.0.2.10 50000 192.0.2.1 22', SSH_TTY: '/dev/pts/3', USER: 'alice' };
// The device flow has no listener, so it takes no --port.
const login = (env: NodeJS.ProcessEnv, extra: string[] = []) =>
  runCli(
    [
      'demo',
      '--issuer',
      e.idp.issuer,
      ...(extra.includes('device') ? [] : ['--port', '0']),
      '--store',
      'none',
      ...extra,
    ],
    {
      ...e.hook.systemEnv,
      ...env,
    },
  );

async function signIn(url: string): Promise<void> {
  const context = await browserContext(e.browser);
  try {
    await completeLogin(await context.newPage(), url, { login: 'ada' });
  } finally {
    await context.close();
  }
}

const printedUrl = async (run: CliRun) => (await waitForOutput(run.stderrSoFar, /^ {2}(http:\/\/\S+\/auth\?\S+)$/m))[1];
const lines = (text: string, pattern: RegExp) => text.split('\n').filter((l) => pattern.test(l));

test('control: on a desktop (DISPLAY) the system opener is launched, and nothing is explained', async () => {
  const calls = e.hook.calls;
  const run = login({ DISPLAY: ':99' });
  await signIn(await e.hook.next());
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.equal(e.hook.calls, calls + 1);
  assert.ok(!/not opening a browser/.test(stderr));
});

test('SSH without a display: no browser, one line saying why, and the printed URL still completes', async () => {
  const calls = e.hook.calls;
  const run = login(SSH);
  await signIn((await printedUrl(run)) as string);
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.equal(e.hook.calls, calls, 'no browser launched');
  const explained = lines(stderr, /SSH/);
  assert.equal(explained.length, 1, stderr);
  // The real command: the listener's port, the server address of SSH_CONNECTION, USER.
  assert.match(
    explained[0] ?? '',
    /^SSH session without a display: not opening a browser\. Forward the port with "ssh -L (\d+):localhost:\1 alice@192\.0\.2\.1", then open the URL below on your machine \(or use --flow device\)\.$/,
  );
  assert.ok(!stderr.includes('paste'), 'stdin is not a terminal: no paste offered, nothing prompts');
});

test('no display (a container, no SSH): no browser, one line saying why', async () => {
  const calls = e.hook.calls;
  const run = login({});
  await printedUrl(run);
  await sleep(500); // time for a launched opener to report
  run.child.kill('SIGTERM');
  const { stderr } = await run.done;
  assert.equal(e.hook.calls, calls);
  assert.equal(lines(stderr, /not opening a browser/).length, 1);
  assert.match(stderr, /^No display \(DISPLAY and WAYLAND_DISPLAY unset\): not opening a browser\./m);
});

test('CI=true with no browser and no flow asked for fails fast with the ways that work', async () => {
  const calls = e.hook.calls;
  const started = Date.now();
  const { code, stdout, stderr } = await login({ CI: 'true', DISPLAY: ':99' }).done;
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /CI=true and no browser is available, so a browser sign-in cannot finish/);
  assert.match(
    stderr,
    /--flow device.*--flow client-credentials.*oauth-login token demo.*OAUTH_LOGIN_DEMO_REFRESH_TOKEN/,
  );
  assert.ok(Date.now() - started < 5000, 'no waiting for a callback');
  assert.equal(e.hook.calls, calls);
});

test('CI=true with $BROWSER: a configured browser counts, so the login runs', async () => {
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0', '--store', 'none'], {
    CI: 'true',
    ...e.hook.env,
  });
  await signIn(await e.hook.next());
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
});

test('CI=true with --flow device: no browser, one line, and the code is shown', async () => {
  const calls = e.hook.calls;
  const run = login({ CI: 'true' }, ['--flow', 'device']);
  await waitForOutput(run.stderrSoFar, /enter the code:/);
  run.child.kill('SIGINT');
  const { code, stderr } = await run.done;
  assert.equal(code, 130);
  assert.equal(e.hook.calls, calls);
  assert.match(stderr, /^CI=true: not opening a browser; enter the code below on any device\.$/m);
});

test('WSL: the browser is opened through the system opener (Windows), explained in one line', async () => {
  const calls = e.hook.calls;
  const run = login({ WSL_DISTRO_NAME: 'Debian' });
  await signIn(await e.hook.next());
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.equal(e.hook.calls, calls + 1);
  assert.equal(lines(stderr, /WSL/).length, 1);
  assert.match(stderr, /^WSL: opening the browser in Windows\.$/m);
});

test('--no-browser wins on a desktop: nothing launched, nothing to explain', async () => {
  const calls = e.hook.calls;
  const run = login({ DISPLAY: ':99' }, ['--no-browser']);
  await signIn((await printedUrl(run)) as string);
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.equal(e.hook.calls, calls);
  assert.match(
    stderr,
    /^Not opening a browser \(--no-browser\)\. Open the URL below in a browser that can reach this machine's port \d+\.$/m,
  );
});
