// `token --format exec-credential` (client-go exec plugins): the version kubectl asks for, the expiry it caches by,
// and what happens without a valid token: a login when kubectl allows one, exit 4 with the fix when it does not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runToken } from '../../src/commands/token.js';
import { ExitCode } from '../../src/errors.js';
import { execInfo } from '../../src/exec-credential.js';
import type { SignIn } from '../../src/io.js';
import { formatToken } from '../../src/token-format.js';
import { recordingIo } from '../support/io.js';
import { fakeOpPerFile, machineLogin, personLogin, sandbox, seed, tokens } from '../support/inproc.js';

const s = fakeOpPerFile();
const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const info = (apiVersion: string, interactive: boolean) =>
  JSON.stringify({ kind: 'ExecCredential', apiVersion, spec: { interactive } });
const OPTIONS = { minTtl: 60, format: 'exec-credential' } as const;

test('$KUBERNETES_EXEC_INFO: v1 and v1beta1 with their interactive flag; unset is v1, not interactive', () => {
  assert.deepEqual(execInfo({}), { apiVersion: V1, interactive: false });
  assert.deepEqual(execInfo({ KUBERNETES_EXEC_INFO: info(V1BETA1, true) }), { apiVersion: V1BETA1, interactive: true });
  assert.deepEqual(execInfo({ KUBERNETES_EXEC_INFO: info(V1, false) }), { apiVersion: V1, interactive: false });
  for (const bad of [info('client.authentication.k8s.io/v1alpha1', false), 'not json', '{}'])
    assert.throws(() => execInfo({ KUBERNETES_EXEC_INFO: bad }), { code: 'invalid_exec_info' }, bad);
});

test('the ExecCredential: token and an RFC 3339 expiry in whole seconds; none when the provider gave no expiry', () => {
  const at = Date.UTC(2030, 0, 2, 3, 4, 5) / 1000;
  const out = formatToken(
    'person',
    { access_token: 'at-1', token_type: 'bearer', expires_at: at },
    {
      format: 'exec-credential',
      apiVersion: V1BETA1,
    },
  );
  assert.equal(
    out,
    '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"at-1","expirationTimestamp":"2030-01-02T03:04:05Z"}}',
  );
  const forever = JSON.parse(formatToken('machine', { access_token: 'at-2', token_type: 'bearer' }, OPTIONS));
  assert.deepEqual(forever, { apiVersion: V1, kind: 'ExecCredential', status: { token: 'at-2' } });
});

test('--id-token: the ID token, expiring at its own exp (what the Kubernetes OIDC authenticator checks)', () => {
  const exp = Date.UTC(2031, 5, 6, 7, 8, 9) / 1000;
  const claims = Buffer.from(JSON.stringify({ exp })).toString('base64url');
  const id_token = `eyJhbGciOiJSUzI1NiJ9.${claims}.sig`;
  const tokenSet = { access_token: 'at', token_type: 'bearer', expires_at: exp - 3000, id_token };
  const out = JSON.parse(formatToken('person', tokenSet, { ...OPTIONS, idToken: true }));
  assert.deepEqual(out.status, { token: id_token, expirationTimestamp: '2031-06-06T07:08:09Z' });
});

test('OAuth 1.0a has no bearer token for kubectl', () => {
  assert.throws(() => formatToken('oauth1', { access_token: 'a', token_type: 'OAuth', token_secret: 'b' }, OPTIONS), {
    code: 'signature_required',
  });
});

test('not interactive and no valid token: needs login (exit 4) naming the fix, no sign-in, nothing on stdout', async (t) => {
  const box = sandbox(t, { KUBERNETES_EXEC_INFO: info(V1, false) });
  await seed(box.logins, personLogin(s.op), tokens(-60));
  let signIns = 0;
  const io = recordingIo(box.env);
  await assert.rejects(
    runToken('fake', OPTIONS, io, async () => {
      signIns++;
    }),
    { code: 'needs_login', exitCode: ExitCode.needsLogin, hint: 'Run: oauth-login login fake' },
  );
  assert.equal(signIns, 0);
  assert.deepEqual(io.stdout, []);
});

test('interactive and no valid token: the sign-in runs as the stored login was made, then the new token is printed', async (t) => {
  const box = sandbox(t, { KUBERNETES_EXEC_INFO: info(V1BETA1, true) });
  const login = await seed(box.logins, personLogin(s.op), tokens(-60));
  const requests: Parameters<SignIn>[0][] = [];
  const signIn: SignIn = async (request) => {
    requests.push(request);
    await seed(box.logins, login, tokens(3600, { access_token: 'at-after-sign-in' }));
  };
  const io = recordingIo(box.env);
  await runToken('fake', OPTIONS, io, signIn);
  assert.deepEqual(requests, [
    {
      provider: 'fake',
      account: 'ada',
      issuer: s.op.issuer,
      clientId: login.client_id,
      caFile: undefined,
      store: 'file',
    },
  ]);
  const credential = JSON.parse(io.stdout.join(''));
  assert.equal(credential.apiVersion, V1BETA1);
  assert.equal(credential.status.token, 'at-after-sign-in');
  assert.match(io.stderrText(), /Signing in again/);
});

test('interactive with a fresh token signs in nobody; a client-credentials login is never re-signed by a person', async (t) => {
  const box = sandbox(t, { KUBERNETES_EXEC_INFO: info(V1, true) });
  let signIns = 0;
  const signIn: SignIn = async () => {
    signIns++;
  };
  await seed(box.logins, personLogin(s.op), tokens(3600, { access_token: 'at-fresh' }));
  const io = recordingIo(box.env);
  await runToken('fake', OPTIONS, io, signIn);
  assert.equal(JSON.parse(io.stdout.join('')).status.token, 'at-fresh');

  const machine = machineLogin(s.op, { provider: 'bot' });
  await seed(box.logins, machine, tokens(-60), 'a-refused-secret');
  s.op.reset({ token: { status: 401, body: '{"error":"invalid_client"}' } });
  await assert.rejects(runToken('bot', OPTIONS, recordingIo(box.env), signIn), { code: 'needs_login' });
  assert.equal(signIns, 0);
});
