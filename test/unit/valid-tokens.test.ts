// Renewal under the per-login lock (README "token"): many callers at once make one request at the provider, the
// rotated refresh token is kept, and a renewal the provider refuses is "needs login" (exit 4) naming the fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExitCode, type LoginError } from '../../src/errors.js';
import { findLogin, readSecret } from '../../src/logins/service.js';
import { validTokens } from '../../src/logins/valid-tokens.js';
import { CLIENT_SECRET } from '../support/fake-op.js';
import { fakeOpPerFile, machineLogin, personLogin, sandbox, seed, tokens } from '../support/inproc.js';

const s = fakeOpPerFile();
const signal = new AbortController().signal;

/** The error is needs_login (exit 4) and its hint is exactly this command. */
const needsLogin = (hint: string) => (err: LoginError) => {
  assert.equal(err.code, 'needs_login');
  assert.equal(err.exitCode, ExitCode.needsLogin);
  assert.equal(err.hint, hint);
  return true;
};

test('10 concurrent callers with an expired token make ONE refresh and all get the same new token', async (t) => {
  const box = sandbox(t);
  const login = await seed(box.logins, personLogin(s.op), tokens(-60, { refresh_token: 'rt-old' }));
  const all = await Promise.all(Array.from({ length: 10 }, () => validTokens(box.logins, login, 60, signal)));
  assert.equal(s.op.count('token'), 1);
  assert.equal(new Set(all.map((t) => t.access_token)).size, 1);
  const stored = await readSecret(box.logins, login);
  assert.equal(stored?.tokens.access_token, all[0]?.access_token);
  assert.ok(stored?.tokens.refresh_token && stored.tokens.refresh_token !== 'rt-old', 'the rotated one is stored');
  assert.equal(findLogin(box.logins, 'fake')?.expires_at, all[0]?.expires_at, 'the index shows the new expiry');
});

test('a provider that does not rotate leaves the stored refresh token in place', async (t) => {
  const box = sandbox(t);
  s.op.reset({ token: { fields: { refresh_token: undefined } } });
  const login = await seed(box.logins, personLogin(s.op), tokens(-60, { refresh_token: 'rt-kept' }));
  await validTokens(box.logins, login, 60, signal);
  assert.equal((await readSecret(box.logins, login))?.tokens.refresh_token, 'rt-kept');
});

test('a fresh token is returned as stored, with no request; --min-ttl beyond its lifetime renews it', async (t) => {
  const box = sandbox(t);
  const stored = tokens(600, { refresh_token: 'rt' });
  const login = await seed(box.logins, personLogin(s.op), stored);
  assert.equal((await validTokens(box.logins, login, 60, signal)).access_token, stored.access_token);
  assert.equal(s.op.count('token'), 0);
  assert.notEqual((await validTokens(box.logins, login, 900, signal)).access_token, stored.access_token);
  assert.equal(s.op.count('token'), 1);
});

test('invalid_grant on refresh is needs_login with "Run: oauth-login login fake"; the stored tokens stay', async (t) => {
  const box = sandbox(t);
  s.op.reset({ token: { status: 400, body: '{"error":"invalid_grant"}' } });
  const login = await seed(box.logins, personLogin(s.op), tokens(-60, { refresh_token: 'rt' }));
  await assert.rejects(validTokens(box.logins, login, 60, signal), needsLogin('Run: oauth-login login fake'));
  assert.equal((await readSecret(box.logins, login))?.tokens.refresh_token, 'rt');
});

test('an expired person login without a refresh token is needs_login, with no request', async (t) => {
  const box = sandbox(t);
  const login = await seed(box.logins, personLogin(s.op), tokens(-60));
  await assert.rejects(validTokens(box.logins, login, 60, signal), needsLogin('Run: oauth-login login fake'));
  assert.equal(s.op.count('token'), 0);
});

test('a machine login re-mints with its grant (no refresh token), once for 10 concurrent callers', async (t) => {
  const box = sandbox(t);
  const login = await seed(box.logins, machineLogin(s.op), tokens(-60), CLIENT_SECRET);
  const all = await Promise.all(Array.from({ length: 10 }, () => validTokens(box.logins, login, 60, signal)));
  assert.equal(s.op.count('token'), 1);
  assert.equal(s.op.lastTokenRequest.get('grant_type'), 'client_credentials');
  assert.equal(s.op.lastTokenRequest.get('scope'), 'api:read');
  assert.equal(new Set(all.map((t) => t.access_token)).size, 1);
  assert.equal(all[0]?.refresh_token, undefined);
});

test('a machine login whose stored secret is refused (invalid_client) needs login with --flow client-credentials', async (t) => {
  const box = sandbox(t);
  const login = await seed(box.logins, machineLogin(s.op), tokens(-60), 'a-revoked-secret');
  await assert.rejects(
    validTokens(box.logins, login, 60, signal),
    needsLogin('Run: oauth-login login fake --flow client-credentials'),
  );
  assert.equal(s.op.count('token'), 1);
});

test('a machine login with no stored secret needs login without asking the provider', async (t) => {
  const box = sandbox(t);
  const login = await seed(box.logins, machineLogin(s.op), tokens(-60));
  await assert.rejects(
    validTokens(box.logins, login, 60, signal),
    needsLogin('Run: oauth-login login fake --flow client-credentials'),
  );
  assert.equal(s.op.count('token'), 0);
});
