// When `login` reuses a stored login and when it signs in again (README: --force, client credentials), in-process
// against the fake OP: a reuse makes no request at all, anything else runs the flow at the right provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LoginOptions, runLogin } from '../../src/commands/login.js';
import { findLogin, readSecret } from '../../src/logins/service.js';
import { CLIENT_ID, CLIENT_SECRET, FakeOp } from '../support/fake-op.js';
import { browsingIo, fakeOpPerFile, machineLogin, personLogin, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';

const s = fakeOpPerFile();
const opts = (over: Partial<LoginOptions> = {}): LoginOptions => ({
  issuer: s.op.issuer,
  clientId: CLIENT_ID,
  timeout: 20,
  browser: false,
  port: 0,
  ...over,
});
// No listener and no browser take part in a machine grant: --port and --no-browser would be refused.
const machine = (over: Partial<LoginOptions> = {}) =>
  opts({ flow: 'client-credentials', scope: 'api:read', port: undefined, browser: undefined, ...over });
const requests = (op: FakeOp) => ['discovery', 'authorize', 'token'].map((e) => op.count(e)).join('/');

test('a valid stored person login is reused: no request at the OP, "Already signed in", the stored profile', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(3600, { refresh_token: 'rt' }));
  const io = recordingIo(box.env);
  await runLogin('fake', opts(), io);
  assert.equal(requests(s.op), '0/0/0');
  assert.match(io.stderrText(), /Already signed in to fake as Ada Lovelace <ada@example\.test>; use --force/);
  assert.match(io.stdout.join('\n'), /^name: Ada Lovelace$/m);
  assert.match(io.stdout.join('\n'), /^email: ada@example\.test$/m);
});

test('an expired person login with a refresh token is renewed and reused: one refresh, no authorize', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(-10, { refresh_token: 'rt' }));
  const io = recordingIo(box.env);
  await runLogin('fake', opts(), io);
  assert.equal(requests(s.op), '0/0/1');
  assert.equal(s.op.lastTokenRequest.get('grant_type'), 'refresh_token');
  assert.match(io.stderrText(), /Already signed in/);
});

test('a valid machine login is reused for the same grant, and not with --force', async (t) => {
  const box = sandbox(t);
  const stored = await seed(box.logins, machineLogin(s.op), tokens(3600), CLIENT_SECRET);
  const reused = recordingIo(box.env);
  await runLogin('fake', machine(), reused);
  assert.equal(requests(s.op), '0/0/0');
  assert.match(reused.stderrText(), /Already have a valid client-credentials token from fake; use --force/);
  const before = (await readSecret(box.logins, stored))?.tokens.access_token;
  const forced = recordingIo(box.env);
  await runLogin('fake', machine({ force: true }), forced);
  assert.equal(s.op.count('token'), 1);
  assert.doesNotMatch(forced.stderrText(), /Already/);
  assert.notEqual((await readSecret(box.logins, stored))?.tokens.access_token, before, 'the new token is stored');
});

const otherGrants: [string, Partial<LoginOptions>][] = [
  ['scope', { scope: 'api:write' }],
  ['resource', { resource: ['https://api.example/'] }],
  ['audience', { audience: 'https://api.example' }],
];
for (const [what, over] of otherGrants) {
  test(`a machine login is not reused when the ${what} differs: the grant asks for the new one`, async (t) => {
    const box = sandbox(t);
    await seed(box.logins, machineLogin(s.op), tokens(3600), CLIENT_SECRET);
    await runLogin('fake', machine(over), recordingIo(box.env));
    assert.equal(s.op.count('token'), 1);
    const sent = s.op.lastTokenRequest;
    assert.equal(sent.get('grant_type'), 'client_credentials');
    assert.equal(sent.get('scope'), over.scope ?? 'api:read');
    assert.deepEqual(sent.getAll('resource'), over.resource ?? []);
    assert.equal(sent.get('audience'), over.audience ?? null);
  });
}

test('a login at another issuer is not reused: --issuer of a second OP signs in there', async (t) => {
  const other = await FakeOp.start();
  t.after(() => other.close());
  const box = sandbox(t);
  await seed(box.logins, machineLogin(s.op), tokens(3600), CLIENT_SECRET);
  await runLogin('fake', machine({ issuer: other.issuer }), recordingIo(box.env));
  assert.equal(requests(s.op), '0/0/0');
  assert.equal(other.count('token'), 1);
  assert.equal(findLogin(box.logins, 'fake')?.issuer, other.issuer);
  // The same rule for a person: a browser login runs at the second OP.
  await seed(box.logins, personLogin(s.op), tokens(3600, { refresh_token: 'rt' }));
  await runLogin('fake', opts({ issuer: other.issuer }), browsingIo(box.env));
  assert.equal(other.count('authorize'), 1);
  assert.equal(s.op.count('token'), 0);
});

test('a login of another client id is not reused', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op, { client_id: 'someone-else' }), tokens(3600));
  const io = browsingIo(box.env);
  await runLogin('fake', opts(), io);
  assert.equal(requests(s.op), '1/1/1');
  assert.equal(findLogin(box.logins, 'fake')?.client_id, CLIENT_ID);
  assert.match(io.stderrText(), /Signed in to fake as Ada Lovelace/);
});

test('a person login never stands in for --flow client-credentials, nor a machine login for a browser login', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(3600, { refresh_token: 'rt' }));
  const asMachine = recordingIo(box.env);
  await runLogin('fake', machine(), asMachine);
  assert.equal(s.op.lastTokenRequest.get('grant_type'), 'client_credentials');
  assert.match(asMachine.stderrText(), /Got a client-credentials token from fake/);
  s.op.reset();
  // The machine login is now the default: a browser login must still run the browser flow.
  assert.equal(findLogin(box.logins, 'fake')?.kind, 'machine');
  await runLogin('fake', opts(), browsingIo(box.env));
  assert.equal(s.op.count('authorize'), 1);
  assert.equal(findLogin(box.logins, 'fake')?.kind, 'person');
});

test('a stored login that cannot be renewed is not reused: silent for needs-login, a warning otherwise', async (t) => {
  const box = sandbox(t);
  // Its refresh token was revoked: needs login, so the browser flow simply runs.
  s.op.revoked.add('rt-revoked');
  await seed(box.logins, personLogin(s.op), tokens(-60, { refresh_token: 'rt-revoked' }));
  const revoked = browsingIo(box.env);
  await runLogin('fake', opts(), revoked);
  assert.equal(s.op.count('authorize'), 1);
  assert.deepEqual(
    revoked.said.filter((m) => m.kind === 'warn'),
    [],
  );
  // Its stored token endpoint is gone (404): said, then the browser flow runs at the discovered one.
  s.op.reset();
  await seed(
    box.logins,
    personLogin(s.op, { token_endpoint: `${s.op.issuer}/gone` }),
    tokens(-60, { refresh_token: 'rt' }),
  );
  const broken = browsingIo(box.env);
  await runLogin('fake', opts(), broken);
  assert.equal(s.op.count('authorize'), 1);
  assert.match(broken.stderrText(), /Could not reuse the stored login: .* the token refresh .*HTTP 404/);
  assert.match(broken.stderrText(), /Signed in to fake as Ada Lovelace/);
});
