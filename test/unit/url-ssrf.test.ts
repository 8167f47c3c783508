// HOSTILE row 43: what a protected resource's or an authorization server's metadata names is asked only at https
// (http on loopback), never at a link-local or cloud metadata address, whatever the spelling of the host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverAuthServer } from '../../src/providers/auth-server.js';
import { forbiddenHost } from '../../src/providers/metadata-url.js';
import { checkResourceMetadata, fetchResourceMetadata } from '../../src/providers/resource.js';
import { fakeClock, fakeNetwork } from '../support/providers/network.js';
import { recordingIo } from '../support/io.js';
import { deviceFlow } from '../../src/flows/device.js';
import { resolveUrlProvider } from '../../src/flows/url-provider.js';
import { discover } from '../../src/providers/discover.js';
import type { ResolvedProvider } from '../../src/providers/types.js';

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
    ['https://metadata.google.internal../x', /cloud metadata service/],
    ['https://[::169.254.169.254]/', /cloud metadata service \(169\.254\.169\.254\)/], // IPv4-compatible: [::a9fe:a9fe]
    ['https://[64:ff9b::169.254.169.254]/', /cloud metadata service \(169\.254\.169\.254\)/], // NAT64
    ['https://[::ffff:0:169.254.169.254]/', /cloud metadata service \(169\.254\.169\.254\)/], // SIIT
    ['https://[64:ff9b::a9fe:1]/', /link-local address \(169\.254\.0\.0\/16\)/],
    ['http://100.100.100.200/latest/meta-data/', /cloud metadata service \(Alibaba Cloud, 100\.100\.100\.200\)/],
    ['https://[::ffff:100.100.100.200]/', /Alibaba Cloud/],
  ];
  for (const [url, why] of forbidden) assert.match(forbiddenHost(new URL(url).hostname) ?? 'allowed', why, url);
  const allowed = [
    'https://as.example/',
    'http://127.0.0.1:8080/',
    'https://[::1]/',
    'https://[fec0::1]/',
    'https://169.255.0.1/',
    'https://100.100.100.201/',
    'https://[64:ff9b::808:808]/',
  ];
  for (const url of allowed) assert.equal(forbiddenHost(new URL(url).hostname), undefined, url);
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

/** A resource whose authorization server answers clean metadata once, then names a link-local token endpoint. */
function twoFacedServer() {
  let answers = 0;
  const net = fakeNetwork({
    [RESOURCE]: () => new Response('', { status: 401, headers: { 'www-authenticate': 'Bearer' } }),
    [WHERE]: () => Response.json({ resource: RESOURCE, authorization_servers: [AS] }),
    [`${AS}/.well-known/oauth-authorization-server`]: () => {
      answers += 1;
      const token = answers === 1 ? `${AS}/token` : 'https://169.254.169.254/latest/meta-data/token';
      return Response.json({
        issuer: AS,
        authorization_endpoint: `${AS}/auth`,
        token_endpoint: token,
        device_authorization_endpoint: `${AS}/device`,
        code_challenge_methods_supported: ['S256'],
      });
    },
    [`${AS}/device`]: () =>
      Response.json({ device_code: 'dc', user_code: 'AB-CD', verification_uri: `${AS}/activate`, expires_in: 600 }),
    [`${AS}/token`]: () => Response.json({ access_token: 'at', token_type: 'Bearer', expires_in: 600 }),
  });
  return net;
}

test("row 43: a URL login asks its authorization server's metadata once: a second, different answer cannot steer the flow", async (t) => {
  const net = twoFacedServer();
  t.after(() => net.restore());
  const { provider } = await resolveUrlProvider(RESOURCE, { device: true, clientId: 'mine' }, signal());
  const io = recordingIo({});
  const ctx = { ui: io.ui, signal: io.signal, deadline: Date.now() + 60_000, browser: { kind: 'none' as const } };
  const login = await deviceFlow(provider, { ...ctx, clock: fakeClock() });
  assert.equal(net.to('/.well-known/oauth-authorization-server').length, 1, 'metadata fetched once per URL login');
  assert.equal(login.server.token_endpoint, `${AS}/token`, 'the checked endpoint is the one stored for refreshes');
  assert.deepEqual(net.hosts(), ['mcp.example', 'as.example']);
});

test("row 43: any provider's discovered endpoints at a metadata address are refused, not only a URL login's", async (t) => {
  const net = twoFacedServer();
  t.after(() => net.restore());
  await discover(oauth2Provider(), signal()); // the first answer is clean
  await assert.rejects(discover(oauth2Provider(), signal()), {
    code: 'unsafe_url',
    message:
      'corp token_endpoint is https://169.254.169.254/latest/meta-data/token, which points at a cloud metadata service (169.254.169.254): it was not requested.',
  });
  assert.deepEqual(net.hosts(), ['as.example']);
});

function oauth2Provider(): ResolvedProvider {
  return {
    name: 'corp',
    settings: {
      protocol: 'oauth2',
      issuer: AS,
      client_id: 'c',
      redirect_uri: 'http://localhost:5000/callback',
      scope: '',
    },
  };
}
