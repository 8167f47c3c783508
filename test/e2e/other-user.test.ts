// test/HOSTILE.md row 35: another local user cannot log you in to their account. They can read every process's
// argv (/proc/PID/cmdline); the browser's must not let them complete the login. Run as root: the attacker is `nobody`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { authorize, CLIENT_ID, visit } from '../support/fake-op.js';
import { hostileSetup } from '../support/hostile.js';
import { followStart } from '../support/start-page.js';

const s = hostileSetup();
const BROWSER = resolve('test/support/lingering-browser.mjs');
const ATTACK = resolve('test/support/other-user-attack.mjs');

function asNobody(args: string[]): { step: string; status?: number; error?: string; url?: string }[] {
  if (process.getuid?.() !== 0)
    throw new Error('this test runs a second user with setpriv (util-linux): run it as root');
  const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (run.status !== 0) throw new Error(`the second user's process failed (${run.status}): ${run.stderr}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

test('row 35: another user who reads the browser argv can neither take the start page nor deliver a code', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'oauth-login-victim-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = {
    ...s.hook.env,
    BROWSER: `${process.execPath} ${BROWSER}`,
    OAUTH_LOGIN_STORE: 'file',
    XDG_DATA_HOME: home,
  };
  const run = runCli(
    ['fake', '--issuer', s.op.issuer, '--client-id', CLIENT_ID, '--port', '0', '--timeout', '60'],
    env,
  );
  t.after(() => {
    spawnSync('pkill', ['-f', BROWSER]);
  });
  const opened = await s.hook.nextOpened();

  const attempts = asNobody([ATTACK, 'lingering-browser.mjs']);
  assert.equal(attempts[0]?.url, opened, 'the attacker did read the browser argv');
  assert.ok(!new URL(opened).searchParams.has('state'), 'no state, nonce or PKCE challenge in argv');
  const answered = attempts.slice(1).filter((a) => a.status !== undefined);
  assert.deepEqual(answered, [], 'the listener never answered the other user');
  assert.equal(s.op.count('authorize'), 0, 'the attacker never got as far as the provider');

  // The person's own browser then signs in as usual.
  const page = await visit(await authorize(await followStart(opened)));
  assert.equal(page.status, 200);
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /a connection from another user, uid 65534/);
  assert.equal(s.op.count('token'), 1);
});
