import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { LoginError } from '../../src/errors.js';
import { revokeToken } from '../../src/flows/revoke.js';
import { machineAuth } from '../../src/flows/token-source.js';
import { clientOf, storedLoginFor } from '../../src/logins/entries.js';
import type { ResolvedProvider } from '../../src/providers/types.js';
import { clientAuth } from '../../src/oauth-client.js';
import { loadClientKey } from '../../src/private-key.js';
import { jwkKeyFile, pemKeyFile, textFile } from '../support/client-keys.js';
import { fakeNetwork } from '../support/providers/network.js';

const refusal =
  (code: string, ...parts: (string | RegExp)[]) =>
  (err: unknown) => {
    assert.ok(err instanceof LoginError, String(err));
    assert.equal(err.code, code);
    for (const part of parts)
      assert.match(
        `${err.message} ${err.hint ?? ''}`,
        part instanceof RegExp ? part : new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      );
    return true;
  };

test('the algorithm comes from the key: RSA signs RS256, EC P-256 ES256, P-384 ES384, Ed25519 EdDSA', async () => {
  const cases = [
    [pemKeyFile('rsa'), 'RS256'],
    [pemKeyFile('ec'), 'ES256'],
    [pemKeyFile('ec', { namedCurve: 'P-384' }), 'ES384'],
    [pemKeyFile('ed25519'), 'EdDSA'],
  ] as const;
  for (const [file, alg] of cases) {
    const key = await loadClientKey(file.path);
    assert.equal(key.alg, alg, file.path);
    assert.equal(key.kid, undefined, 'a PEM file names no kid');
    assert.deepEqual(key.key.usages, ['sign']);
  }
});

test('a private JWK gives its kid, and its alg chooses PS256 for an RSA key', async () => {
  const key = await loadClientKey(jwkKeyFile({ kid: 'ci-key-1', alg: 'PS256' }).path);
  assert.deepEqual([key.alg, key.kid, key.key.algorithm.name], ['PS256', 'ci-key-1', 'RSA-PSS']);
});

test('a traditional PKCS#1 RSA PEM ("BEGIN RSA PRIVATE KEY") loads too', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const path = textFile(privateKey.export({ format: 'pem', type: 'pkcs1' }) as string);
  assert.equal((await loadClientKey(path)).alg, 'RS256');
});

test('row 42: a key file other users can read is refused, naming the file and the chmod that fixes it', async () => {
  const { path } = pemKeyFile('ec', {}, 0o644);
  await assert.rejects(loadClientKey(path), refusal('private_key_insecure', path, 'mode 644', `chmod 600 '${path}'`));
});

test('what is not a usable private key is refused, naming the file and what is wrong', async () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed448 = generateKeyPairSync('ed448').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const cases: [string, string][] = [
    [textFile('hello, not a key\n'), 'is not PEM'],
    [textFile(publicKey.export({ format: 'pem', type: 'spki' }) as string), '"PUBLIC KEY" block'],
    [textFile('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), 'is not a PEM private key'],
    [textFile(ed448), 'unsupported key type (ed448)'],
    [textFile(small.export({ format: 'pem', type: 'pkcs8' }) as string), '1024-bit RSA key'],
    [textFile(JSON.stringify(publicKey.export({ format: 'jwk' }))), 'is a public JWK'],
    [textFile('{"kty": "RSA", '), 'is not JSON'],
    [jwkKeyFile({ alg: 'ES256' }).path, 'unsupported key type (RSA, alg ES256)'],
  ];
  for (const [path, why] of cases) await assert.rejects(loadClientKey(path), refusal('private_key_invalid', path, why));
  await assert.rejects(
    loadClientKey('/nonexistent/key.pem'),
    refusal('private_key_invalid', '/nonexistent/key.pem', 'ENOENT'),
  );
});

test('private_key_jwt signs an RFC 7523 assertion for the token endpoint with the key, its alg and kid', async () => {
  const file = jwkKeyFile({ kid: 'k1', alg: 'RS256' });
  const body = new URLSearchParams();
  const as = { issuer: 'https://idp.example', token_endpoint: 'https://idp.example/token' };
  await clientAuth({ private_key_file: file.path })(as, { client_id: 'ci' }, body, new Headers());
  assert.equal(body.get('client_id'), 'ci');
  assert.equal(body.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  const jwt = body.get('client_assertion') as string;
  assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'RS256', kid: 'k1' });
  const { payload } = await jwtVerify(jwt, await importJWK(file.publicJwk, 'RS256'), { issuer: 'ci', subject: 'ci' });
  assert.ok(payload.jti && payload.exp, 'a fresh, short-lived assertion');
  const ed = pemKeyFile('ed25519');
  await clientAuth({ private_key_file: ed.path })(as, { client_id: 'ci' }, body, new Headers());
  assert.equal(decodeProtectedHeader(body.get('client_assertion') as string).alg, 'EdDSA');
});

test('a secret or an assertion given with a private key file is refused: the client authenticates one way', async () => {
  const { path } = pemKeyFile('ec');
  assert.throws(
    () => clientAuth({ private_key_file: path, client_secret: 's' }),
    refusal('usage', 'client secret and a private key file'),
  );
  const grant = { assertion: { kind: 'env' as const, name: 'CI_JWT' } };
  const io = { env: { CI_JWT: 'a.b.c' }, signal: new AbortController().signal };
  await assert.rejects(
    machineAuth({ client_id: 'ci', private_key_file: path }, grant, io),
    refusal('usage', 'private key file and a client assertion'),
  );
});

test('a stored login keeps the key path, and revoking its token signs the request with the key read again', async () => {
  const file = pemKeyFile('ec');
  const result = {
    kind: 'machine' as const,
    flow: 'client-credentials' as const,
    provider: 'corp',
    client_id: 'ci',
    grant: {},
    tokens: { access_token: 'at', token_type: 'bearer' },
    server: {
      issuer: 'https://idp.example',
      token_endpoint: 'https://idp.example/token',
      revocation_endpoint: 'https://idp.example/revoke',
    },
  };
  const provider = {
    name: 'corp',
    settings: { client_id: 'ci', private_key_file: file.path },
  } as unknown as ResolvedProvider;
  const login = storedLoginFor(result, provider, 'ci', 'file');
  assert.equal(login.private_key_file, file.path);
  const network = fakeNetwork({ 'https://idp.example/revoke': () => new Response(null, { status: 200 }) });
  try {
    const client = clientOf(login, undefined);
    assert.equal(await revokeToken(login, client, 'at', 'access_token', new AbortController().signal), undefined);
    const [request] = network.to('/revoke');
    assert.equal(request?.headers.get('authorization'), null, 'no Basic secret');
    const jwt = request?.body.get('client_assertion') as string;
    await jwtVerify(jwt, await importJWK(file.publicJwk, 'ES256'), { issuer: 'ci', audience: 'https://idp.example' });
  } finally {
    network.restore();
  }
});
