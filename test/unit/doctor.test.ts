import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkBrowser, findExecutable } from '../../src/doctor/browser.js';
import { checkKeychain } from '../../src/doctor/local.js';
import { clockSkew, MAX_SKEW_S } from '../../src/doctor/server.js';
import { runChecks } from '../../src/commands/doctor.js';
import { fakeNetwork } from '../support/providers/network.js';
import { tempDir } from '../support/tmp.js';

test('clock skew compares the Date header with the middle of the round trip', () => {
  const server = Date.parse('Tue, 25 Nov 2025 17:00:00 GMT');
  assert.equal(clockSkew('Tue, 25 Nov 2025 17:00:00 GMT', server - 400, server + 400), 0);
  assert.equal(clockSkew('Tue, 25 Nov 2025 17:00:00 GMT', server + 95_000, server + 95_200), 95);
  assert.equal(clockSkew('Tue, 25 Nov 2025 17:00:00 GMT', server - 60_000, server - 60_000), -60);
  assert.equal(clockSkew(null, 0, 0), undefined);
  assert.equal(clockSkew('not a date', 0, 0), undefined);
  assert.equal(MAX_SKEW_S, 300, 'the same leeway as the ID token checks');
});

function binDir(...names: string[]): string {
  const dir = tempDir('doctor-bin-');
  for (const name of names) {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

test('findExecutable looks on PATH for a bare name and checks a path as given', () => {
  const dir = binDir('my-browser');
  assert.equal(findExecutable('my-browser', { PATH: `/nonexistent:${dir}` }), join(dir, 'my-browser'));
  assert.equal(findExecutable('my-browser', { PATH: '/nonexistent' }), undefined);
  assert.equal(findExecutable(join(dir, 'my-browser'), {}), join(dir, 'my-browser'));
});

test('browser check: a $BROWSER that exists passes, one that does not fails with the fix', () => {
  const dir = binDir('firefox');
  const ok = checkBrowser({}, { PATH: dir, BROWSER: 'firefox --new-window' }, 'linux');
  assert.deepEqual([ok.ok, ok.detail], [true, '$BROWSER runs firefox']);
  const missing = checkBrowser({ browserCommand: '/no/such/browser' }, { PATH: dir }, 'linux');
  assert.equal(missing.ok, false);
  assert.match(missing.detail, /--browser-command names \/no\/such\/browser/);
  assert.match(missing.fix ?? '', /--browser-command/);
});

test('browser check: a command with an unterminated quote fails the check, naming the option', () => {
  const c = checkBrowser({}, { PATH: binDir('firefox'), BROWSER: 'firefox "--profile=a b' }, 'linux');
  assert.equal(c.ok, false);
  assert.match(c.detail, /^\$BROWSER has an unterminated double quote/);
  assert.match(c.fix ?? '', /Close the quote in \$BROWSER/);
});

test('browser check: a Linux desktop needs xdg-open on PATH', () => {
  assert.equal(checkBrowser({}, { PATH: binDir('xdg-open'), DISPLAY: ':0' }, 'linux').ok, true);
  const none = checkBrowser({}, { PATH: binDir(), DISPLAY: ':0' }, 'linux');
  assert.equal(none.ok, false);
  assert.match(none.fix ?? '', /xdg-utils/);
});

test('browser check: SSH without a display passes and says the URL is printed instead', () => {
  const c = checkBrowser({}, { PATH: binDir(), SSH_CONNECTION: 'a b c d' }, 'linux');
  assert.equal(c.ok, true);
  assert.match(c.detail, /none will be opened: SSH session without a display; login prints the URL/);
});

test('keychain check: unreachable is a warning under auto, a failure for --store keychain, skipped for file', async () => {
  const noBus = { DBUS_SESSION_BUS_ADDRESS: '' };
  const auto = await checkKeychain(noBus);
  assert.deepEqual([auto.ok, auto.warning], [true, true]);
  assert.match(
    auto.detail,
    /^the OS keychain is unavailable: .*; a login works, but its tokens are kept for that run only$/,
  );
  const named = await checkKeychain(noBus, 'keychain');
  assert.deepEqual([named.ok, named.warning], [false, undefined]);
  assert.deepEqual(await checkKeychain(noBus, 'file'), {
    name: 'keychain',
    ok: true,
    detail: 'not used (--store file)',
  });
  assert.deepEqual(await checkKeychain({ ...noBus, OAUTH_LOGIN_STORE: 'none' }), {
    name: 'keychain',
    ok: true,
    detail: 'not used (OAUTH_LOGIN_STORE=none)',
  });
});

test("doctor asks the provider's discovery URL twice, not three times: the clock check reads the network check's Date header", async () => {
  const issuer = 'https://op.doctor.example';
  const ahead = new Date(Date.now() - 900_000).toUTCString(); // the server is fifteen minutes behind us
  const discovery = {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
  };
  const net = fakeNetwork({
    [`${issuer}/.well-known/openid-configuration`]: () => Response.json(discovery, { headers: { date: ahead } }),
  });
  try {
    const env = { OAUTH_LOGIN_STORE: 'file', XDG_CONFIG_HOME: tempDir('doctor-config-') };
    const checks = await runChecks('corp', { issuer, clientId: 'cli', port: 0 }, env, AbortSignal.timeout(10_000));
    assert.equal(net.to('/.well-known/openid-configuration').length, 2);
    const clock = checks.find((c) => c.name === 'clock');
    assert.equal(clock?.ok, false);
    assert.match(clock?.detail ?? '', /^this machine's clock is 9\d\d s ahead of https:\/\/op\.doctor\.example$/);
    assert.equal(checks.find((c) => c.name === 'discovery')?.ok, true);
  } finally {
    net.restore();
  }
});

test("doctor on a token-exchange config entry (docs/ci.md's Google recipe) needs only its token_endpoint", async () => {
  const config = join(tempDir('doctor-config-'), 'config.json');
  const gcp = {
    protocol: 'oauth2',
    token_endpoint: 'https://sts.doctor.example/v1/token',
    client_id: 'github-actions',
    flow: 'token-exchange',
    subject_token_from: 'github-actions',
    subject_audience: 'https://iam.doctor.example/pool',
  };
  writeFileSync(config, JSON.stringify({ providers: { gcp } }));
  const net = fakeNetwork({ 'https://sts.doctor.example/': () => new Response('', { status: 404 }) });
  try {
    const env = { OAUTH_LOGIN_STORE: 'none' };
    const checks = await runChecks('gcp', { config, port: 0 }, env, AbortSignal.timeout(10_000));
    const named = (name: string) => checks.find((c) => c.name === name);
    assert.deepEqual([named('provider'), named('client id')?.ok], [undefined, true]);
    assert.deepEqual(named('discovery'), {
      name: 'discovery',
      ok: true,
      detail: 'not used: endpoints come from the preset or config',
    });
  } finally {
    net.restore();
  }
});
