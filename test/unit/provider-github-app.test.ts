// GitHub Apps' expiring user tokens (test/support/providers/github-app.ts), each quirk a named test: an 8-hour
// access token, a refresh token that works once (each refresh returns a new one), and errors with HTTP 200.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { runLogin } from '../../src/commands/login.js';
import { runToken } from '../../src/commands/token.js';
import { ExitCode } from '../../src/errors.js';
import { findLogin, readSecret } from '../../src/logins/service.js';
import { sandbox } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';
import { playingIo, redirectBack } from '../support/providers/browserless.js';
import { github } from '../support/providers/github.js';
import { githubApp } from '../support/providers/github-app.js';

const CLIENT_ID = 'Iv23liExampleApp';
const CLIENT_SECRET = 'app-secret-0123';
const env = (t: TestContext) => sandbox(t, { OAUTH_LOGIN_GITHUB_CLIENT_SECRET: CLIENT_SECRET });
const raw = (minTtl = 60) => ({ minTtl, format: 'raw' as const });
// Past the 8-hour lifetime: `token` renews, as it would eight hours after the login.
const AFTER_8_HOURS = 28800 + 60;

/** A browser login at the GitHub App: the person approves, GitHub redirects back with `code`. */
async function signIn(t: TestContext, code = 'gh-code') {
  const app = githubApp(CLIENT_ID, CLIENT_SECRET);
  const net = github(undefined, undefined, [], app);
  t.after(() => net.restore());
  const box = env(t);
  const io = playingIo(box.env, (url) => redirectBack(url, { code }));
  const login = runLogin('github', { clientId: CLIENT_ID, timeout: 20, browser: false, port: 0 }, io);
  return { app, net, box, io, login };
}

test('github app: an expiring user token is stored with its 8-hour expiry and its refresh token', async (t) => {
  const { app, box, io, login } = await signIn(t);
  await login;
  assert.match(io.stdout.join('\n'), /^username: octocat$/m);
  const stored = findLogin(box.logins, 'github');
  assert.ok(stored);
  const left = (stored.expires_at ?? 0) - Math.floor(Date.now() / 1000);
  assert.ok(left > 28000 && left <= 28800, `expires in 8 hours, not ${left} s`);
  assert.equal((await readSecret(box.logins, stored))?.tokens.refresh_token, app.current());
});

test('github app: `token github` refreshes, stores the rotated refresh token, and never sends the old one again', async (t) => {
  const { app, box, login } = await signIn(t);
  await login;
  const first = recordingIo(box.env);
  await runToken('github', raw(AFTER_8_HOURS), first);
  assert.deepEqual(first.stdout, ['ghu_access2']);
  const second = recordingIo(box.env);
  await runToken('github', raw(AFTER_8_HOURS), second);
  assert.deepEqual(second.stdout, ['ghu_access3']);
  assert.deepEqual(app.refreshesSent, ['ghr_rotated1', 'ghr_rotated2'], 'each refresh sends the newest token, once');
  const stored = findLogin(box.logins, 'github');
  assert.ok(stored);
  assert.equal((await readSecret(box.logins, stored))?.tokens.refresh_token, 'ghr_rotated3');
  const fresh = recordingIo(box.env);
  await runToken('github', raw(), fresh);
  assert.deepEqual(fresh.stdout, ['ghu_access3'], 'a fresh token makes no request');
  assert.equal(app.refreshesSent.length, 2);
});

test('github app: a refused refresh (bad_refresh_token with HTTP 200) is needs-login, exit 4; nothing stored changes', async (t) => {
  const { app, box, login } = await signIn(t);
  await login;
  const stored = findLogin(box.logins, 'github');
  assert.ok(stored);
  // The refresh token was spent elsewhere (another machine with a copy): GitHub no longer accepts it.
  app.refreshElsewhere();
  const before = await readSecret(box.logins, stored);
  const io = recordingIo(box.env);
  await assert.rejects(
    runToken('github', raw(AFTER_8_HOURS), io),
    (err: Error & { code: string; exitCode: number; hint: string }) => {
      assert.equal(err.code, 'needs_login');
      assert.equal(err.exitCode, ExitCode.needsLogin);
      assert.match(
        err.message,
        /No valid token for github \(octocat\): the provider no longer accepts the refresh token/,
      );
      assert.equal(err.hint, 'Run: oauth-login login github');
      return true;
    },
  );
  assert.deepEqual(io.stdout, []);
  assert.deepEqual(await readSecret(box.logins, stored), before, 'the stored tokens are as they were');
  // Signing in again replaces the login, and `token` works from it.
  const again = playingIo(box.env, (url) => redirectBack(url, { code: 'gh-code' }));
  await runLogin('github', { clientId: CLIENT_ID, timeout: 20, browser: false, port: 0, force: true }, again);
  const after = recordingIo(box.env);
  await runToken('github', raw(AFTER_8_HOURS), after);
  assert.equal(after.stdout.length, 1);
});

test('github: a code exchange refused with HTTP 200 (bad_verification_code) names the error and the status', async (t) => {
  const { login } = await signIn(t, 'a-wrong-code');
  await assert.rejects(login, {
    code: 'provider_error',
    message: /refused the token request: bad_verification_code \(HTTP 200\)/,
  });
});

test('github app: OAUTH_LOGIN_GITHUB_REFRESH_TOKEN is rotated by the refresh, and stderr says it will stop working', async (t) => {
  const app = githubApp(CLIENT_ID, CLIENT_SECRET);
  const net = github(undefined, undefined, [], app);
  t.after(() => net.restore());
  const box = env(t);
  const refreshToken = app.refreshElsewhere();
  const io = recordingIo({
    ...box.env,
    OAUTH_LOGIN_GITHUB_CLIENT_ID: CLIENT_ID,
    OAUTH_LOGIN_GITHUB_REFRESH_TOKEN: refreshToken,
  });
  await runToken('github', raw(), io);
  assert.deepEqual(io.stdout, ['ghu_access2']);
  assert.match(
    io.stderrText(),
    /github rotated the refresh token: the one in OAUTH_LOGIN_GITHUB_REFRESH_TOKEN will stop working/,
  );
});
