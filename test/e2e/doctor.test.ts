import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Idp, startIdp } from '../../demo/idp.js';
import { BrowserHook, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

let idp: Idp;
let hook: BrowserHook;

before(async () => {
  console.info = () => {};
  idp = await startIdp();
  hook = await BrowserHook.start();
});

after(async () => {
  await idp?.close();
  await hook?.close();
});

/** The tests run under scripts/with-keyring.sh: its D-Bus session and unlocked keyring are passed on. */
function keyringEnv(): NodeJS.ProcessEnv {
  const { DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR } = process.env;
  if (!DBUS_SESSION_BUS_ADDRESS)
    throw new Error('No D-Bus session bus: run under `dbus-run-session -- bash scripts/with-keyring.sh`');
  return { DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR };
}

async function blockedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, server };
}

test('doctor passes against the demo provider: one ✓ line per check, exit 0', async () => {
  const { code, stdout, stderr } = await runCli(['doctor', 'demo', '--issuer', idp.issuer, '--port', '0'], {
    ...keyringEnv(),
    ...hook.env,
  }).done;
  assert.equal(code, 0, stdout + stderr);
  const lines = stdout.trim().split('\n');
  assert.deepEqual(
    lines.map((l) => l.slice(0, l.indexOf(':'))),
    [
      '✓ config file',
      '✓ client id',
      '✓ redirect URI',
      '✓ browser',
      '✓ keychain',
      '✓ network',
      '✓ clock',
      '✓ discovery',
    ],
  );
  assert.match(stdout, /✓ keychain: the OS keychain answers/);
  assert.match(stdout, /✓ browser: \$BROWSER runs /);
  assert.match(stdout, new RegExp(`✓ discovery: ${idp.issuer} answers and matches the configured issuer, device flow`));
  assert.match(stdout, /✓ clock: within [01] s of /);
});

test('doctor fails (exit 1) on a port in use and a missing client id, with the fix on each line; --json', async () => {
  const { port, server } = await blockedPort();
  try {
    const run = runCli(['doctor', 'oidc', '--issuer', idp.issuer, '--port', String(port)], {
      OAUTH_LOGIN_STORE: 'file',
    });
    const { code, stdout } = await run.done;
    assert.equal(code, 1);
    assert.match(stdout, /^✗ client id: No client id for "oidc"\. → Register an OAuth app .*--client-id/m);
    assert.match(
      stdout,
      new RegExp(`^✗ redirect URI: Port ${port} on 127\\.0\\.0\\.1 is already in use.* → .*--port N`, 'm'),
    );
    assert.match(stdout, /^✓ discovery: /m, 'the checks that do not need the client id still ran');
    const json = await runCli(['doctor', 'oidc', '--issuer', idp.issuer, '--port', String(port), '--json'], {
      OAUTH_LOGIN_STORE: 'file',
    }).done;
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.ok, false);
    assert.equal(report.provider, 'oidc');
    const failed = report.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { name: string }) => c.name);
    assert.deepEqual(failed, ['client id', 'redirect URI']);
    assert.ok(report.checks.every((c: { ok: boolean; fix?: string }) => c.ok || c.fix));
  } finally {
    server.close();
  }
});

test('doctor reports an invalid config file, an unreachable keychain and a discovery issuer mismatch', async () => {
  const bad = join(tempDir('oauth-login-'), 'config.json');
  writeFileSync(bad, '{ "providers": { "x": { "protocol": "saml" } } }');
  const config = await runCli(['doctor', '--config', bad], { OAUTH_LOGIN_STORE: 'file' }).done;
  assert.equal(config.code, 1);
  assert.match(config.stdout, /^✗ config file: Invalid config file .*"providers\.x\.protocol"/m);
  const mismatch = idp.issuer.replace('127.0.0.1', 'localhost');
  const other = await runCli(['doctor', 'demo', '--issuer', mismatch, '--port', '0'], { DBUS_SESSION_BUS_ADDRESS: '' })
    .done;
  assert.equal(other.code, 1);
  assert.match(
    other.stdout,
    /^! keychain: the OS keychain is unavailable: .*; a login works, but its tokens are kept for that run only → .*--store file/m,
  );
  assert.match(
    other.stdout,
    /^✗ discovery: The discovery document of "demo" names the issuer "http:\/\/127\.0\.0\.1:\d+", not http:\/\/localhost/m,
  );
});

test('doctor with a $BROWSER that does not exist fails the browser check', async () => {
  const { code, stdout } = await runCli(['doctor'], { OAUTH_LOGIN_STORE: 'file', BROWSER: '/no/such/browser' }).done;
  assert.equal(code, 1);
  assert.match(stdout, /^✗ browser: \$BROWSER names \/no\/such\/browser, which is not an executable/m);
});

test('no keychain is a warning for the auto store (exit 0), a failure for doctor --store keychain (exit 1)', async () => {
  const noBus = { DBUS_SESSION_BUS_ADDRESS: '' };
  const auto = await runCli(['doctor', '--json'], noBus).done;
  assert.equal(auto.code, 0, auto.stdout);
  const check = JSON.parse(auto.stdout).checks.find((c: { name: string }) => c.name === 'keychain');
  assert.deepEqual([check.ok, check.warning], [true, true]);
  const named = await runCli(['doctor', '--store', 'keychain'], noBus).done;
  assert.equal(named.code, 1);
  assert.match(named.stdout, /^✗ keychain: the OS keychain is unavailable: .* → Start or unlock a Secret Service/m);
  const file = await runCli(['doctor', '--store', 'file'], noBus).done;
  assert.match(file.stdout, /^✓ keychain: not used \(--store file\)$/m);
  const typo = await runCli(['doctor', '--store', 'keychian'], noBus).done;
  assert.equal(typo.code, 1);
  assert.match(typo.stdout, /^✗ keychain: Unknown store "keychian"\. → Use one of: auto, keychain, file, none\.$/m);
});
