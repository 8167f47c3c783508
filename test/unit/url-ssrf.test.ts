// HOSTILE row 43: what a protected resource's or an authorization server's metadata names is asked only at https
// (http on loopback), never at a link-local or cloud metadata address, whatever the spelling of the host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverAuthServer } from '../../src/providers/auth-server.js';
import { forbiddenHost } from '../../src/providers/metadata-url.js';
import { checkResourceMetadata, fetchResourceMetadata } from '../../src/providers/resource.js';
import { fakeNetwork } from '../support/providers/network.js';

const RESOURCE = 'https://mcp.example/mcp';
const WHERE = 'https://mcp.example/.well-known/oauth-protected-resource/mcp';
const AS = 'https://as.example';
const signal = () => AbortSignal.timeout(10_000);

test('row 43: link-local and metadata-service hosts are told apart from ordinary ones, in every spelling', () => {
  const forbidden: [string, RegExp][] = [
    ['http://169.254.169.254/latest/meta-data', /cloud metadata service \(169\.254\.169\.254\)/],
    ['http://2852039166/', /cloud metadata service/], // 169.254.169.254 as one decimal number
    ['https://[::ffff:169.254.169.254]/', /cloud metadata service/],
    ['https://169.254.10.1/', /link-local address \(169\.254\.0\.0\/16\)/],
    ['https://[fe80::1]/', /link-local address \(fe80::\/10\)/],
    ['https://[FEBF::1]/', /link-local address \(fe80::\/10\)/],
    ['https://[fd00:ec2:0::254]/', /cloud metadata service/],
    ['https://metadata.google.internal/computeMetadata/v1/', /cloud metadata service/],
    ['https://METADATA.Google.Internal./x', /cloud metadata service/],
  ];
  for (const [url, why] of forbidden) assert.match(forbiddenHost(new URL(url).hostname) ?? 'allowed', why, url);
  for (const url of ['https://as.example/', 'http://127.0.0.1:8080/', 'https://[fec0::1]/', 'https://169.255.0.1/'])
    assert.equal(forbiddenHost(new URL(url).hostname), undefined, url);
});

test('row 43: resource metadata naming an authorization server at a metadata address is refused, naming URL and step', () => {
  const text = JSON.stringify({ resource: RESOURCE, authorization_servers: ['https://169.254.169.254/as'] });
  assert.throws(() => checkResourceMetadata(text, RESOURCE, WHERE), {
    code: 'unsafe_url',
    message: `The authorization server "https://169.254.169.254/as" named at ${WHERE} is https://169.254.169.254/as, which points at a cloud metadata service (169.254.169.254): it was not requested.`,
  });
});

test('row 43: a 401 pointing resource_metadata at metadata.google.internal is refused without asking it', async (t) => {
  const net = fakeNetwork({
    [RESOURCE]: () =>
      new Response('', {
        status: 401,
        headers: {
          'www-authenticate': 'Bearer resource_metadata="https://metadata.google.internal/computeMetadata/v1/"',
        },
      }),
  });
  t.after(() => net.restore());
  await assert.rejects(fetchResourceMetadata(RESOURCE, signal()), {
    code: 'unsafe_url',
    message:
      /^The resource_metadata URL in https:\/\/mcp\.example\/mcp's WWW-Authenticate header is https:\/\/metadata\.google\.internal\/computeMetadata\/v1\/, which points at a cloud metadata service/,
  });
  assert.deepEqual(net.hosts(), ['mcp.example']);
});

test("row 43: an authorization server's endpoints at link-local or plain-http hosts are refused before any is asked", async () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [
      { token_endpoint: 'https://[fe80::1]/token' },
      'unsafe_url',
      /^The token_endpoint in https:\/\/as\.example's metadata is https:\/\/\[fe80::1\]\/token, which points at a link-local address \(fe80::\/10\)/,
    ],
    [
      { registration_endpoint: 'https://169.254.169.254/reg' },
      'unsafe_url',
      /^The registration_endpoint in https:\/\/as\.example's metadata .* cloud metadata service/,
    ],
    [
      { jwks_uri: 'https://[fd00:ec2::254]/jwks' },
      'unsafe_url',
      /^The jwks_uri in https:\/\/as\.example's metadata .* cloud metadata service/,
    ],
    [
      { device_authorization_endpoint: 'http://as.example/device' },
      'insecure_url',
      /^The device_authorization_endpoint in https:\/\/as\.example's metadata must be an https:\/\/ URL/,
    ],
  ];
  for (const [fields, code, message] of cases) {
    const net = fakeNetwork({
      [`${AS}/.well-known/oauth-authorization-server`]: () =>
        Response.json({
          issuer: AS,
          authorization_endpoint: `${AS}/auth`,
          token_endpoint: `${AS}/token`,
          code_challenge_methods_supported: ['S256'],
          ...fields,
        }),
    });
    try {
      await assert.rejects(discoverAuthServer(RESOURCE, AS, signal()), { code, message }, JSON.stringify(fields));
      assert.deepEqual(net.hosts(), ['as.example']);
    } finally {
      net.restore();
    }
  }
});
