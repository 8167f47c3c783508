// The facebook preset against a fake built from Facebook Login's and the Graph API's documentation
// (test/support/providers/facebook.ts), in-process: `login facebook` as a person runs it, each quirk a named test.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { type LoginOptions, runLogin } from '../../src/commands/login.js';
import { ExitCode } from '../../src/errors.js';
import { sandbox } from '../support/inproc.js';
import { playingIo } from '../support/providers/browserless.js';
import { type FacebookOptions, facebook, PICTURE } from '../support/providers/facebook.js';

const APP_ID = '1234567890123456';
const APP_SECRET = 'fb-app-secret-0123456789abcdef';
const options: LoginOptions = { clientId: APP_ID, timeout: 20, browser: false, port: 0 };

/** `oauth-login login facebook`, the person approving (or cancelling) in the Login dialog. */
async function login(
  t: TestContext,
  fb: Partial<FacebookOptions> = {},
  choice: 'approve' | 'cancel' = 'approve',
  secret = APP_SECRET,
) {
  const fake = facebook({ appId: APP_ID, appSecret: APP_SECRET, ...fb });
  t.after(() => fake.net.restore());
  const box = sandbox(t, { OAUTH_LOGIN_FACEBOOK_CLIENT_SECRET: secret });
  const io = playingIo(box.env, (url) => fake.dialog(url, choice));
  const done = await runLogin('facebook', options, io).then(
    () => undefined,
    (err: Error & { code: string; exitCode: number }) => err,
  );
  return { ...fake, io, error: done };
}

test('facebook: login prints the Graph profile: id, name, email, and the picture from picture.data.url', async (t) => {
  const { io, error } = await login(t);
  assert.equal(error, undefined);
  const out = io.stdout.join('\n');
  assert.match(out, /^provider: facebook$/m);
  assert.match(out, /^id: 10223877000000001$/m);
  assert.match(out, /^name: Ada Lovelace$/m);
  assert.match(out, /^email: ada@facebook\.example$/m);
  assert.match(out, new RegExp(`^picture: ${PICTURE.replace(/[?.]/g, '\\$&')}$`, 'm'));
  assert.match(io.stderrText(), /Signed in to Facebook as Ada Lovelace <ada@facebook\.example>/);
});

test("facebook: the code is exchanged at Graph with the secret in the body and the Login dialog's exact redirect_uri", async (t) => {
  const { net, error } = await login(t);
  assert.equal(error, undefined);
  const [exchange] = net.to('/v21.0/oauth/access_token');
  assert.equal(exchange?.method, 'POST');
  assert.equal(exchange?.body.get('client_secret'), APP_SECRET);
  assert.match(exchange?.body.get('redirect_uri') ?? '', /^http:\/\/localhost:\d+\/callback$/);
  assert.equal(exchange?.headers.get('authorization'), null, 'no HTTP Basic: Facebook reads the body');
  const [me] = net.to('/v21.0/me');
  assert.equal(me?.url.searchParams.get('fields'), 'id,name,email,picture', 'Graph answers only the fields asked for');
  assert.deepEqual(net.hosts(), ['graph.facebook.com']);
});

test('facebook: a person who declines the email permission signs in without an email (Graph omits it)', async (t) => {
  const { io, error } = await login(t, { declineEmail: true });
  assert.equal(error, undefined);
  const out = io.stdout.join('\n');
  assert.match(out, /^name: Ada Lovelace$/m);
  assert.doesNotMatch(out, /^email:/m);
});

test('facebook: cancelling the Login dialog (error=access_denied, error_reason=user_denied) exits 2', async (t) => {
  const { error, net } = await login(t, {}, 'cancel');
  assert.equal(error?.code, 'access_denied');
  assert.equal(error?.exitCode, ExitCode.cancelled);
  assert.equal(net.seen.length, 0, 'no token request');
});

test("facebook: Graph's error object (HTTP 400) is quoted with its status: a wrong app secret at the code exchange", async (t) => {
  const { error } = await login(t, {}, 'approve', 'not-the-app-secret');
  assert.equal(error?.exitCode, ExitCode.error);
  assert.match(error?.message ?? '', /HTTP 400/);
  assert.match(error?.message ?? '', /Error validating client secret\./);
});

test('facebook: an app with "Require App Secret" on gets appsecret_proof (HMAC-SHA256 of the token, keyed by the app secret) on the profile call', async (t) => {
  const { io, error, net } = await login(t, { requireAppSecret: true });
  assert.equal(error, undefined, error?.message);
  assert.match(io.stdout.join('\n'), /^name: Ada Lovelace$/m);
  const me = net.seen.filter((r) => r.url.pathname.endsWith('/me'));
  assert.equal(me.length, 1);
  assert.match(
    me[0]?.url.searchParams.get('appsecret_proof') ?? '',
    /^[0-9a-f]{64}$/,
    'the fake checks it against its own HMAC',
  );
});
