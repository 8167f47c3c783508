// Signing in again (README "login"): the hint "Run: oauth-login login NAME" works as written, because the stored
// login's issuer and client id fill what the flags leave out (for that issuer only); --force keeps a login in the
// store it lives in; a reused login prints the same profile as the fresh sign-in did (picture and raw fields too).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LoginOptions, runLogin } from '../../src/commands/login.js';
import { findLogin, readSecret } from '../../src/logins/service.js';
import { CLIENT_ID, CLIENT_SECRET, FakeOp } from '../support/fake-op.js';
import { browsingIo, fakeOpPerFile, personLogin, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';

const s = fakeOpPerFile();
const bare = (over: Partial<LoginOptions> = {}): LoginOptions => ({ timeout: 20, browser: false, port: 0, ...over });
// "oidc" is the preset for any OpenID Provider: it has no issuer and no client id of its own.
const oidcBox = (t: Parameters<typeof sandbox>[0], extra: NodeJS.ProcessEnv = {}) =>
  sandbox(t, { OAUTH_LOGIN_OIDC_CLIENT_SECRET: CLIENT_SECRET, ...extra });

test('login oidc again with no flags reuses the stored login of the issuer and client id given the first time', async (t) => {
  const box = oidcBox(t);
  await runLogin('oidc', bare({ issuer: s.op.issuer, clientId: CLIENT_ID }), browsingIo(box.env));
  s.op.reset();
  const again = recordingIo(box.env);
  await runLogin('oidc', bare(), again);
  assert.equal(s.op.count('authorize'), 0);
  assert.match(again.stderrText(), /^Already signed in to Any OpenID Provider \(--issuer URL\) as Ada Lovelace/m);
});

test('login oidc --force with no flags signs in again at the stored issuer with the stored client id', async (t) => {
  const box = oidcBox(t);
  await seed(box.logins, personLogin(s.op, { provider: 'oidc' }), tokens(3600));
  const io = browsingIo(box.env);
  await runLogin('oidc', bare({ force: true }), io);
  assert.equal(s.op.count('authorize'), 1);
  assert.match(io.stderrText(), /Signed in to Any OpenID Provider \(--issuer URL\) as Ada Lovelace/);
});

test('a stored client id is never sent to another issuer: --issuer of a second OP still needs --client-id', async (t) => {
  const other = await FakeOp.start();
  t.after(() => other.close());
  const box = oidcBox(t);
  await seed(box.logins, personLogin(s.op, { provider: 'oidc' }), tokens(3600));
  await assert.rejects(runLogin('oidc', bare({ issuer: other.issuer }), recordingIo(box.env)), {
    code: 'missing_client_id',
    message: 'No client id for "oidc".',
  });
  assert.equal(other.count('discovery'), 0);
});

test('--force keeps a login that lives in a private file there, where auto would not store it', async (t) => {
  // No keychain answers here, so auto would keep the new tokens for this run only.
  const box = sandbox(t, { OAUTH_LOGIN_STORE: undefined, DBUS_SESSION_BUS_ADDRESS: '' });
  await seed(box.logins, personLogin(s.op, { account: 'ada@example.test' }), tokens(3600));
  const io = browsingIo(box.env);
  await runLogin('fake', bare({ issuer: s.op.issuer, clientId: CLIENT_ID, force: true }), io);
  assert.match(io.stderrText(), /Signed in to fake as Ada Lovelace <ada@example\.test> \(tokens: private file\)/);
  const stored = findLogin(box.logins, 'fake');
  assert.equal(stored?.store, 'file');
  assert.ok(stored && s.op.issued.has((await readSecret(box.logins, stored))?.tokens.access_token ?? ''), 'new token');
});

test('an explicit --store wins over the store the earlier login lives in', async (t) => {
  const box = sandbox(t, { OAUTH_LOGIN_STORE: undefined });
  await seed(box.logins, personLogin(s.op), tokens(3600));
  const io = browsingIo(box.env);
  await runLogin('fake', bare({ issuer: s.op.issuer, clientId: CLIENT_ID, force: true, store: 'none' }), io);
  assert.match(io.stderrText(), /\(tokens: not stored\)/);
});

for (const json of [false, true]) {
  test(`a reused login prints exactly the profile the fresh sign-in printed (picture, raw)${json ? ' with --json' : ''}`, async (t) => {
    const box = sandbox(t);
    s.op.reset({ userinfo: { fields: { picture: 'https://pics.example/ada.png', locale: 'en-GB' } } });
    const opts = bare({ issuer: s.op.issuer, clientId: CLIENT_ID, json });
    const fresh = browsingIo(box.env);
    await runLogin('fake', opts, fresh);
    const reused = recordingIo(box.env);
    await runLogin('fake', opts, reused);
    assert.match(reused.stderrText(), /Already signed in/);
    assert.deepEqual(reused.stdout, fresh.stdout);
    const text = reused.stdout.join('\n');
    assert.match(
      text,
      json ? /"picture": ?"https:\/\/pics\.example\/ada\.png"/ : /^picture: https:\/\/pics\.example\/ada\.png$/m,
    );
    if (json) assert.equal(JSON.parse(text).profile.raw.locale, 'en-GB');
  });
}
