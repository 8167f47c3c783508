import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { LoginOptions } from '../../demo/chromium.js';
import { startIdp } from '../../demo/idp.js';
import { runCli, waitForOutput } from '../support/cli.js';
import { approveDeviceCode, e2eSetup, shownCode } from '../support/e2e.js';
import { type DeviceProxy, type DeviceProxyOptions, startDeviceProxy } from '../support/device-proxy.js';
import { tempDir } from '../support/tmp.js';

const e = e2eSetup();
const proxies: DeviceProxy[] = [];
after(() => Promise.all(proxies.map((p) => p.close())));

const dataHome = () => ({ XDG_DATA_HOME: tempDir('oauth-login-data-'), OAUTH_LOGIN_STORE: 'file' });

const approve = (uri: string, code: string, opts: LoginOptions = {}) =>
  approveDeviceCode(e.browser, { uri, code }, { login: 'ada', ...opts });

/** A config-file provider "slowidp" whose device and token endpoints go through a proxy. */
async function proxied(options: DeviceProxyOptions, issuer = e.idp.issuer) {
  const proxy = await startDeviceProxy(issuer, options);
  proxies.push(proxy);
  const dir = tempDir('oauth-login-config-');
  const config = join(dir, 'config.json');
  const entry = { issuer, client_id: 'demo', scope: 'openid profile email', ...proxy.endpoints };
  writeFileSync(config, JSON.stringify({ providers: { slowidp: entry } }));
  return { proxy, args: ['slowidp', '--config', config, '--flow', 'device', '--no-browser'] };
}

test('device flow: the code is shown, a person enters it in Chromium, tokens are verified, stored and usable', async () => {
  const env = dataHome();
  const run = runCli(
    ['demo', '--issuer', e.idp.issuer, '--flow', 'device', '--no-browser', '--json', '--show-tokens'],
    env,
  );
  const { uri, code } = await shownCode(run);
  assert.equal(uri, `${e.idp.issuer}/device`);
  assert.match(code, /^[A-Z]{4}-[A-Z]{4}$/);
  // A write of its own after the code: wait for it rather than race it.
  await waitForOutput(run.stderrSoFar, new RegExp(`Or open ${uri}\\?user_code=${code} \\(the code is filled in\\)`));
  await approve(uri, code);
  const { code: exit, stdout, stderr } = await run.done;
  assert.equal(exit, 0, stderr);
  const out = JSON.parse(stdout);
  assert.deepEqual([out.provider, out.profile.id, out.profile.name], ['demo', 'ada', 'Ada Lovelace']);
  assert.equal(out.id_token.split('.').length, 3, 'an OIDC ID token, signature checked');
  assert.match(stderr, /✓ Signed in to .* as Ada Lovelace <ada@example\.test> \(tokens: private file\)/);
  const token = await runCli(['token', 'demo'], env).done;
  assert.equal(token.stdout, `${out.access_token}\n`, 'stored like a normal login');
  const status = JSON.parse((await runCli(['status', '--json'], env).done).stdout);
  assert.deepEqual([status[0].account, status[0].state], ['ada', 'valid']);
});

test('device flow with a browser: it opens the verification page without the code (argv is world-readable), and --quiet still shows the code', async () => {
  const calls = e.hook.calls;
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--flow', 'device', '--quiet', '--store', 'none'], e.hook.env);
  const opened = new URL(await e.hook.next());
  const { uri, code } = await shownCode(run);
  assert.equal(opened.href, new URL(uri).href, 'the page the person was shown');
  assert.ok(!opened.href.includes(code), 'the user code is not in what the browser was given');
  await approve(opened.href, code);
  const { code: exit, stderr } = await run.done;
  assert.equal(exit, 0, stderr);
  assert.equal(e.hook.calls, calls + 1);
  assert.ok(!stderr.includes('Signed in'), '--quiet: no progress, only what the person must act on');
});

test('device flow: access_denied at the provider ends with exit code 2', async () => {
  const { args } = await proxied({ interval: 1 });
  const run = runCli(args);
  const { uri, code } = await shownCode(run);
  await approve(uri, code, { action: 'deny' });
  const { code: exit, stdout, stderr } = await run.done;
  assert.equal(exit, 2, stderr);
  assert.equal(stdout, '');
  assert.match(stderr, /Sign-in was cancelled or denied/);
});

test('device flow: a code that expires before anyone enters it stops at its expiry with exit code 3', async () => {
  const shortLived = await startIdp({ deviceCodeTtl: 2 });
  try {
    // A 60 s interval against a 2 s code: the wait must end at the expiry, with no poll, long before an interval.
    const { proxy, args } = await proxied({ interval: 60 }, shortLived.issuer);
    const started = Date.now();
    const run = runCli(args);
    await shownCode(run);
    const { code, stderr } = await run.done;
    assert.equal(code, 3, stderr);
    assert.match(stderr, /The code expired before the sign-in was finished/);
    assert.match(stderr, /Run the command again for a new code/);
    assert.deepEqual(proxy.polls, [], 'an expired code is never sent');
    assert.ok(Date.now() - started < 30_000, 'stopped at the expiry, not an interval later');
  } finally {
    await shortLived.close();
  }
});

test('device flow: slow_down adds 5 s to this and every later poll (measured at the token endpoint)', async () => {
  const { proxy, args } = await proxied({ interval: 1, slowDownOnce: true });
  const run = runCli(args);
  const { uri, code } = await shownCode(run);
  // Approve only after the first poll that followed slow_down, so at least three polls are measured.
  for (let i = 0; i < 200 && proxy.polls.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  await approve(uri, code);
  const { code: exit, stderr } = await run.done;
  assert.equal(exit, 0, stderr);
  const [first, second, third] = proxy.polls;
  assert.ok(first && second && third, JSON.stringify(proxy.polls));
  assert.deepEqual(
    proxy.polls.map((p) => p.answer),
    ['slow_down', 'authorization_pending', 'tokens'],
  );
  const gap = (a: { at: number }, b: { at: number }) => b.at - a.at;
  assert.ok(first.at - (proxy.authorizedAt as number) >= 950, 'the first poll waits the server interval (1 s)');
  assert.ok(gap(first, second) >= 5950, `after slow_down: ${gap(first, second)} ms, expected 1 s + 5 s`);
  assert.ok(gap(second, third) >= 5950, `and every later poll too: ${gap(second, third)} ms`);
  // Another 5 s step (twice the slow_down, or once more per poll) would make a gap of 11 s.
  assert.ok(gap(first, second) < 10_000 && gap(second, third) < 10_000, 'not more than that');
});

test('device flow: Ctrl+C stops polling at once (exit 130)', async () => {
  // A 60 s interval: exiting at the next poll instead of at once would take a minute.
  const { proxy, args } = await proxied({ interval: 60 });
  const run = runCli(args);
  await shownCode(run);
  const sent = Date.now();
  run.child.kill('SIGINT');
  const { code, stderr } = await run.done;
  assert.equal(code, 130, stderr);
  assert.deepEqual(proxy.polls, [], 'it never polled');
  assert.ok(Date.now() - sent < 30_000, 'no wait for the next poll');
});

test('a provider without a device_authorization_endpoint is a clear error', async () => {
  const config = join(tempDir('oauth-login-config-'), 'c.json');
  const endpoints = { authorization_endpoint: `${e.idp.issuer}/auth`, token_endpoint: `${e.idp.issuer}/token` };
  writeFileSync(
    config,
    JSON.stringify({ providers: { plain: { protocol: 'oauth2', client_id: 'demo', ...endpoints } } }),
  );
  const { code, stderr } = await runCli(['plain', '--config', config, '--flow', 'device']).done;
  assert.equal(code, 1);
  assert.match(stderr, /Provider "plain" has no device_authorization_endpoint/);
});
