// logout (README): revoke at the provider when it has a revocation endpoint (RFC 7009, a 503 retried once), delete
// locally whatever revocation did, and pass the provider's default to another of its logins.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLogout } from '../../src/commands/logout.js';
import { ExitCode } from '../../src/errors.js';
import { findLogin, listLogins, readSecret } from '../../src/logins/service.js';
import type { StoredLogin } from '../../src/logins/types.js';
import { fakeOpPerFile, personLogin, type Sandbox, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';

const s = fakeOpPerFile();

/** ada, then bob (the default, as the one signed in last), both revocable at the fake OP. */
async function twoLogins(box: Sandbox, revocable = true): Promise<StoredLogin[]> {
  const revocation_endpoint = revocable ? `${s.op.issuer}/revoke` : undefined;
  const out: StoredLogin[] = [];
  for (const account of ['ada', 'bob']) {
    const login = personLogin(s.op, { account, revocation_endpoint });
    out.push(await seed(box.logins, login, tokens(3600, { refresh_token: `rt-${account}` })));
  }
  return out;
}

const accounts = (box: Sandbox) =>
  listLogins(box.logins).map(({ login, isDefault }) => `${login.account}${isDefault ? '*' : ''}`);

test('logging out the default revokes its tokens at the provider and makes the other login the default', async (t) => {
  const box = sandbox(t);
  const [ada, bob] = await twoLogins(box);
  assert.deepEqual(accounts(box), ['ada', 'bob*']);
  const io = recordingIo(box.env);
  await runLogout('fake', {}, io);
  assert.deepEqual(accounts(box), ['ada*']);
  assert.equal(findLogin(box.logins, 'fake')?.account, 'ada');
  assert.equal(s.op.count('revoke'), 2, 'the refresh token, then the access token');
  assert.ok(s.op.revoked.has('rt-bob'));
  assert.equal(await readSecret(box.logins, bob as StoredLogin), undefined, 'the secret is gone');
  assert.ok(await readSecret(box.logins, ada as StoredLogin), "the other login's secret stays");
  assert.match(io.stderrText(), /Revoked the tokens of fake \(bob\) at the provider\.\n.*Logged out of fake \(bob\)\./);
});

test('logout --account of a login that is not the default keeps the default', async (t) => {
  const box = sandbox(t);
  await twoLogins(box);
  await runLogout('fake', { account: 'ada' }, recordingIo(box.env));
  assert.deepEqual(accounts(box), ['bob*']);
});

test('logout --all removes every login of the provider and revokes each', async (t) => {
  const box = sandbox(t);
  const stored = await twoLogins(box);
  await runLogout('fake', { all: true }, recordingIo(box.env));
  assert.deepEqual(accounts(box), []);
  assert.equal(findLogin(box.logins, 'fake'), undefined);
  assert.equal(s.op.count('revoke'), 4);
  for (const login of stored) assert.equal(await readSecret(box.logins, login), undefined);
});

test('a failed revocation still deletes locally and warns that the tokens may remain valid', async (t) => {
  const box = sandbox(t);
  s.op.reset({ revoke: { status: 400 } });
  await twoLogins(box);
  const io = recordingIo(box.env);
  await runLogout('fake', {}, io);
  assert.deepEqual(accounts(box), ['ada*']);
  assert.deepEqual(
    io.said.filter((m) => m.kind === 'warn').map((m) => m.text),
    ['Could not revoke the tokens of fake (bob) at the provider (HTTP 400): they may remain valid until they expire.'],
  );
});

test('a 503 from the revocation endpoint is retried once per token', async (t) => {
  const box = sandbox(t);
  s.op.reset({ revoke: { status: 503 } });
  await twoLogins(box);
  const io = recordingIo(box.env);
  await runLogout('fake', {}, io);
  assert.equal(s.op.count('revoke'), 4);
  assert.match(io.stderrText(), /Could not revoke/);
  assert.deepEqual(accounts(box), ['ada*']);
});

test('without a revocation endpoint nothing is sent; the login is deleted with a warning', async (t) => {
  const box = sandbox(t);
  await twoLogins(box, false);
  const io = recordingIo(box.env);
  await runLogout('fake', {}, io);
  assert.equal(s.op.count('revoke'), 0);
  assert.match(
    io.stderrText(),
    /fake has no revocation endpoint: the tokens remain valid at the provider until they expire/,
  );
  assert.deepEqual(accounts(box), ['ada*']);
});

test('logout with nothing stored: "Not logged in to fake", exit 1 (there is nothing to do, not a login to renew)', async (t) => {
  const box = sandbox(t);
  await assert.rejects(runLogout('fake', {}, recordingIo(box.env)), {
    code: 'not_logged_in',
    exitCode: ExitCode.error,
    message: 'Not logged in to fake.',
    hint: 'Run: oauth-login login fake',
  });
});

test('logout --all --account is a contradiction, refused before anything is touched', async (t) => {
  const box = sandbox(t);
  await twoLogins(box);
  await assert.rejects(runLogout('fake', { all: true, account: 'ada' }, recordingIo(box.env)), {
    code: 'usage',
    message: '--all and --account contradict each other: --all logs out of every account of the provider.',
  });
  assert.deepEqual(accounts(box), ['ada', 'bob*']);
});
