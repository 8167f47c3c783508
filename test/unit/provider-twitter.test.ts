// The twitter preset (OAuth 1.0a) against a fake that checks every HMAC-SHA1 signature the way RFC 5849 and
// Twitter's "Creating a signature" describe, independently of the product's signing code
// (test/support/providers/twitter.ts, oauth1-verify.ts). In-process, each quirk a named test.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { type LoginOptions, runLogin } from '../../src/commands/login.js';
import { runSign } from '../../src/commands/sign.js';
import { runWhoami } from '../../src/commands/whoami.js';
import { ExitCode } from '../../src/errors.js';
import { sandbox } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';
import { playingIo } from '../support/providers/browserless.js';
import { baseString, hmacSha1, parseAuthorization } from '../support/providers/oauth1-verify.js';
import { twitter } from '../support/providers/twitter.js';

const KEY = 'xvz1evFS4wEEPTGEFPHBog';
const SECRET = 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw';
const options: LoginOptions = { clientId: KEY, timeout: 20, browser: false, port: 0 };
const VERIFY = 'https://api.twitter.com/1.1/account/verify_credentials.json?include_email=true';

async function login(t: TestContext, secret = SECRET, choice: 'approve' | 'cancel' = 'approve') {
  const fake = twitter(KEY, SECRET);
  t.after(() => fake.net.restore());
  const box = sandbox(t, { OAUTH_LOGIN_TWITTER_CLIENT_SECRET: secret });
  const io = playingIo(box.env, (url) => fake.authorize(url, choice));
  const error = await runLogin('twitter', options, io).then(
    () => undefined,
    (err: Error & { code: string; exitCode: number }) => err,
  );
  return { ...fake, box, io, error };
}

test('the fake checks signatures from RFC 5849 alone: §1.2 photos and Twitter\'s "Creating a signature" examples', () => {
  const photos = new URL('http://photos.example.net/photos?file=vacation.jpg&size=original');
  const oauth = {
    oauth_consumer_key: 'dpf43f3p2l4k3l03',
    oauth_token: 'nnch734d00sl2jdk',
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: '137131202',
    oauth_nonce: 'chapoH',
  };
  const base = baseString('GET', photos, oauth);
  assert.equal(hmacSha1(base, 'kd94hf93k423kf44', 'pfkkdhi9sl3r4s00'), 'MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  const update = new URL('https://api.twitter.com/1.1/statuses/update.json?include_entities=true');
  const tweet = new URLSearchParams({ status: 'Hello Ladies + Gentlemen, a signed OAuth request!' });
  const header =
    'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", ' +
    'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", ' +
    'oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"';
  const parsed = parseAuthorization(header) ?? {};
  const signature = hmacSha1(
    baseString('POST', update, parsed, tweet),
    SECRET,
    'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
  );
  assert.equal(signature, parsed.oauth_signature);
  assert.notEqual(
    hmacSha1(baseString('POST', update, parsed), SECRET, 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE'),
    signature,
    'the body is signed',
  );
});

test('twitter: login passes the signature check of the request token, the access token and verify_credentials', async (t) => {
  const { io, checked, error } = await login(t);
  assert.equal(error, undefined);
  assert.deepEqual(checked, [
    { path: '/oauth/request_token', ok: true },
    { path: '/oauth/access_token', ok: true },
    { path: '/1.1/account/verify_credentials.json', ok: true },
  ]);
  const out = io.stdout.join('\n');
  assert.match(out, /^id: 6253282$/m);
  assert.match(out, /^name: Twitter API$/m);
  assert.match(out, /^username: TwitterAPI$/m);
  assert.match(out, /^email: api@twitter\.example$/m, 'include_email=true is part of the signed URL');
  assert.match(out, /^picture: https:\/\/pbs\.twimg\.example\/profile_images\/\S+_normal\.jpg$/m);
});

test('twitter: a wrong consumer secret is refused with 401 at the request token; the error names the status, no browser', async (t) => {
  const { io, checked, error, net } = await login(t, 'not-the-consumer-secret');
  assert.equal(error?.code, 'provider_error');
  assert.equal(error?.exitCode, ExitCode.error);
  assert.match(error?.message ?? '', /refused the request-token request \(HTTP 401\): Could not authenticate you\./);
  assert.match((error as { hint?: string } | undefined)?.hint ?? '', /consumer key and secret/);
  assert.deepEqual(checked, [{ path: '/oauth/request_token', ok: false }]);
  assert.deepEqual(io.pages, [], 'no authorization page was shown');
  assert.equal(net.seen.length, 1);
});

test('twitter: cancelling at oauth/authorize (denied=<token>) exits 2 with no access-token request', async (t) => {
  const { error, net } = await login(t, SECRET, 'cancel');
  assert.equal(error?.code, 'access_denied');
  assert.equal(error?.exitCode, ExitCode.cancelled);
  assert.equal(net.to('/oauth/access_token').length, 0);
});

test('twitter: whoami and sign with the stored login make requests whose signatures Twitter accepts', async (t) => {
  const { box, error, checked, accepts } = await login(t);
  assert.equal(error, undefined);
  const who = recordingIo(box.env);
  await runWhoami('twitter', {}, who);
  assert.match(who.stdout.join('\n'), /^username: TwitterAPI$/m);
  assert.deepEqual(checked.at(-1), { path: '/1.1/account/verify_credentials.json', ok: true });
  const sign = recordingIo(box.env);
  await runSign('twitter', 'GET', VERIFY, {}, sign);
  const header = sign.stdout[0]?.replace(/^Authorization: /, '') ?? '';
  assert.equal(accepts('GET', VERIFY, header), true);
  assert.equal(accepts('GET', VERIFY, header), false, 'the same header twice is a replayed nonce');
  assert.equal(accepts('GET', VERIFY.replace('true', 'false'), header), false, 'the query is signed');
});
