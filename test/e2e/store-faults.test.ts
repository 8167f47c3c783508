import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { dataHome, e2eSetup, keyringEnv, loginWithBrowser } from '../support/e2e.js';
import { tempDir } from '../support/tmp.js';

let hungAddress: string;
let hung: Server;
const e = e2eSetup();

before(async () => {
  keyringEnv(); // fails, naming the missing part, when not run under scripts/with-keyring.sh
  // A D-Bus socket that accepts connections and never answers: the case that hangs a native keychain call forever.
  const path = join(tempDir('hung-bus-'), 'bus');
  hung = createServer(() => {});
  await new Promise<void>((r) => hung.listen(path, r));
  hungAddress = `unix:path=${path}`;
});

after(() => hung?.close());

async function login(env: NodeJS.ProcessEnv, extra: string[] = []) {
  const result = await loginWithBrowser(e, ['demo', '--issuer', e.idp.issuer, '--port', '0', ...extra], env);
  assert.equal(result.code, 0, result.stderr);
}

test('a damaged stored secret is "needs-login" for its own row only; status never shows its content', async () => {
  const env: NodeJS.ProcessEnv = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  await login(env);
  await login(env, ['--account', 'second', '--force']);
  const secrets = join(env.XDG_DATA_HOME as string, 'oauth-login', 'secrets');
  const [first] = readdirSync(secrets)
    .filter((f) => f.endsWith('.secret'))
    .sort();
  writeFileSync(join(secrets, first as string), 'GARBAGE-SECRET-CONTENT{', { mode: 0o600 });
  const status = await runCli(['status', '--json'], env).done;
  assert.equal(status.code, 4, 'not every login is usable');
  const rows = JSON.parse(status.stdout) as { account: string; state: string }[];
  assert.deepEqual(rows.map((r) => r.state).sort(), ['needs-login', 'valid']);
  assert.ok(!status.stdout.includes('GARBAGE') && !status.stderr.includes('GARBAGE'));
});

test('a keychain whose bus never answers: token fails within the bound with a clear message', async () => {
  const env = { ...dataHome(), ...keyringEnv(), OAUTH_LOGIN_STORE: 'keychain' };
  await login(env);
  const started = Date.now();
  const token = await runCli(['token', 'demo'], { ...env, DBUS_SESSION_BUS_ADDRESS: hungAddress }).done;
  const elapsed = Date.now() - started;
  assert.equal(token.code, 1, token.stderr);
  assert.equal(token.stdout, '');
  assert.match(token.stderr, /did not answer within 3 s/);
  assert.ok(elapsed < 6000, `bounded: took ${elapsed} ms`);
});

test('login --store keychain with a hung bus fails before any browser opens', async () => {
  const calls = e.hook.calls;
  const env = { ...dataHome(), DBUS_SESSION_BUS_ADDRESS: hungAddress };
  const run = await runCli(['demo', '--issuer', e.idp.issuer, '--port', '0', '--store', 'keychain'], {
    ...e.hook.env,
    ...env,
  }).done;
  assert.equal(run.code, 1);
  assert.match(run.stderr, /keychain is unavailable: .*did not answer within 3 s/);
  assert.equal(e.hook.calls, calls);
});

test('login with the default store and a hung bus still completes, keeping the tokens for this run only', async () => {
  const env = { ...dataHome(), DBUS_SESSION_BUS_ADDRESS: hungAddress };
  await login(env);
  const status = await runCli(['status', '--json'], env).done;
  assert.deepEqual(JSON.parse(status.stdout), []);
});

test('logout that cannot delete from the keychain says so (exit 1) and keeps the login listed', async () => {
  const env = { ...dataHome(), ...keyringEnv(), OAUTH_LOGIN_STORE: 'keychain' };
  await login(env);
  const logout = await runCli(['logout', 'demo'], { ...env, DBUS_SESSION_BUS_ADDRESS: hungAddress }).done;
  assert.equal(logout.code, 1);
  assert.match(logout.stderr, /Could not delete the stored tokens of demo \(ada\)/);
  const status = await runCli(['status', '--json'], env).done;
  assert.deepEqual(
    JSON.parse(status.stdout).map((r: { account: string }) => r.account),
    ['ada'],
  );
  assert.equal((await runCli(['logout', 'demo'], env).done).code, 0, 'with the keychain back, logout completes');
});
