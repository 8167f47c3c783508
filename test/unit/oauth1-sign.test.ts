import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signRequest } from '../../src/flows/oauth1-sign.js';

const photos = {
  consumerKey: 'dpf43f3p2l4k3l03',
  consumerSecret: 'kd94hf93k423kf44',
  token: 'nnch734d00sl2jdk',
  tokenSecret: 'pfkkdhi9sl3r4s00',
};
const photosRequest = { method: 'GET', url: 'http://photos.example.net/photos?file=vacation.jpg&size=original' };

test('RFC 5849 §1.2: the photos request signs to MdpQcU8iPSUjWoN/UDMsK2sui9I=', async () => {
  const signed = await signRequest(photosRequest, photos, { nonce: 'chapoH', timestamp: 137131202, version: null });
  assert.equal(signed.signature, 'MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  assert.match(signed.authorization, /oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"/);
});

test('OAuth Core 1.0 A.5.2: the same request with nonce kllo9940pd9333jh at 1191242096 signs to tR3+Ty81…', async () => {
  const signed = await signRequest(photosRequest, photos, { nonce: 'kllo9940pd9333jh', timestamp: 1191242096 });
  assert.equal(
    signed.baseString,
    'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26' +
      'oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26' +
      'oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal',
  );
  assert.equal(signed.signature, 'tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
});

test('Twitter\'s "creating a signature" example signs to hCtSmYh+iHYCEqBWrE7C7hYmtUk=', async () => {
  const signed = await signRequest(
    {
      method: 'POST',
      url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
      form: new URLSearchParams({ status: 'Hello Ladies + Gentlemen, a signed OAuth request!' }),
    },
    {
      consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
      consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
      token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
      tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
    },
    { nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', timestamp: 1318622958 },
  );
  assert.equal(signed.signature, 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
});

test('RFC 5849 §3.4.1.1: base string with repeated, empty, encoded and form parameters (+ is a space)', async () => {
  const signed = await signRequest(
    {
      method: 'post',
      url: 'HTTP://Example.com:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b',
      form: new URLSearchParams('c2&a3=2+q'),
    },
    {
      consumerKey: '9djdj82h48djs9d2',
      consumerSecret: 'j49sk3j29djd',
      token: 'kkk9d7dh3k39sjv7',
      tokenSecret: 'dh893hdasih9',
    },
    { nonce: '7d8f3e4a', timestamp: 137131201, version: null },
  );
  assert.equal(
    signed.baseString,
    'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26' +
      'c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26' +
      'oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
  );
});

test('oauth_callback and oauth_verifier are signed and sent in the header, RFC 3986-encoded', async () => {
  const consumer = { consumerKey: 'key', consumerSecret: 'secret' };
  const step1 = await signRequest(
    {
      method: 'POST',
      url: 'https://api.example/oauth/request_token',
      oauth: { oauth_callback: 'http://localhost:5000/callback' },
    },
    consumer,
  );
  assert.match(step1.authorization, /oauth_callback="http%3A%2F%2Flocalhost%3A5000%2Fcallback"/);
  assert.match(step1.baseString, /oauth_callback%3Dhttp%253A%252F%252Flocalhost%253A5000%252Fcallback/);
  const step3 = await signRequest(
    { method: 'POST', url: 'https://api.example/oauth/access_token', oauth: { oauth_verifier: "v!*'()" } },
    { ...consumer, token: 'temp', tokenSecret: 'temp-secret' },
  );
  assert.match(step3.authorization, /oauth_verifier="v%21%2A%27%28%29"/);
  assert.match(step3.authorization, /oauth_token="temp"/);
  assert.ok(!step3.authorization.includes('temp-secret') && !step3.authorization.includes('"secret"'));
});

test('each request gets a fresh 24-character alphanumeric nonce and an integer-second timestamp', async () => {
  const nonces = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const { authorization } = await signRequest(
      { method: 'GET', url: 'https://api.example/x' },
      {
        consumerKey: 'k',
        consumerSecret: 's',
      },
    );
    const nonce = /oauth_nonce="([^"]*)"/.exec(authorization)?.[1] ?? '';
    assert.match(nonce, /^[A-Za-z0-9]{24}$/);
    nonces.add(nonce);
    const timestamp = /oauth_timestamp="([^"]*)"/.exec(authorization)?.[1] ?? '';
    assert.match(timestamp, /^\d{10}$/);
    assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 5);
  }
  assert.equal(nonces.size, 50);
});
