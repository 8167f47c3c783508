// --client-secret-stdin at a terminal (test/HOSTILE.md, row 39), on a real pseudo-terminal (util-linux `script`).
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET, type Idp, startIdp } from '../../demo/idp.js';
import { type CliRun, runCliInPty, waitForOutput } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

let idp: Idp;
before(async () => {
  console.info = () => {}; // oidc-provider's development notices
  idp = await startIdp();
});
after(() => idp?.close());
// A run that went wrong (e.g. still waiting for Ctrl+D) must not keep the file alive.
const runs: CliRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL');
});

/** A client-credentials login whose secret is typed: the demo provider grants a token only for the exact secret. */
function typedLogin(): CliRun {
  const args = ['demo', '--flow', 'client-credentials', '--issuer', idp.issuer, '--client-id', CONFIDENTIAL_CLIENT_ID];
  const dataHome = tempDir('oauth-login-data-');
  const run = runCliInPty([...args, '--client-secret-stdin', '--store', 'file'], { XDG_DATA_HOME: dataHome });
  runs.push(run);
  return run;
}

// Typed only once the prompt is out: the CLI turns echo off before it prompts, so this is what a person sees.
const prompted = (run: CliRun) => waitForOutput(run.stdoutSoFar, /client secret[^\n]*: $/i);

test('row 39: a secret typed at a terminal is not echoed, Enter ends it, and the login proceeds with it', async () => {
  const run = typedLogin();
  await prompted(run);
  run.child.stdin?.write(`${CONFIDENTIAL_CLIENT_SECRET}\r`);
  // Whichever comes first: the login's end, or an echo of the secret.
  await waitForOutput(run.stdoutSoFar, /✓ Got a client-credentials token|l-secret/);
  assert.ok(!run.stdoutSoFar().includes('l-secret'), `the terminal showed the secret:\n${run.stdoutSoFar()}`);
  const { code, stdout } = await run.done;
  assert.equal(code, 0, stdout);
  assert.match(stdout, /✓ Got a client-credentials token from .* for client confidential/);
  assert.match(stdout, /^flow: client-credentials\r?$/m);
  assert.ok(!stdout.includes(CONFIDENTIAL_CLIENT_SECRET), `the terminal showed the secret:\n${stdout}`);
  assert.ok(!stdout.includes('l-secret'), 'not even a part of it ("confidential" is the client id)');
});

test('row 39: Ctrl+C at the secret prompt exits 130 and shows nothing typed', async () => {
  const run = typedLogin();
  await prompted(run);
  run.child.stdin?.write('half-typed-secret\u0003');
  const { code, stdout } = await run.done;
  assert.equal(code, 130, stdout);
  assert.match(stdout, /Interrupted \(Ctrl\+C\); nothing was stored/);
  assert.ok(!stdout.includes('half-typed'), stdout);
});

test('row 39: an empty line at the secret prompt is the "empty" error', async () => {
  const run = typedLogin();
  await prompted(run);
  run.child.stdin?.write('\r');
  await waitForOutput(run.stdoutSoFar, /--client-secret-stdin was given but standard input was empty/);
  const { code, stdout } = await run.done;
  assert.equal(code, 1, stdout);
});
