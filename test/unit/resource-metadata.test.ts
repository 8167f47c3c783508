import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverAuthServer } from '../../src/providers/auth-server.js';
import { bearerChallenge, checkResourceMetadata, resourceMetadataUrl } from '../../src/providers/resource.js';
import { providerName, resourceIdentifier } from '../../src/providers/resource-id.js';
import { resolveUrlProvider } from '../../src/flows/url-provider.js';
import { useFetch } from '../../src/transport.js';

const RESOURCE = 'https://mcp.example/tools/mcp';
const WHERE = 'https://mcp.example/.well-known/oauth-protected-resource/tools/mcp';
const metadata = (fields: Record<string, unknown>) =>
  JSON.stringify({ resource: RESOURCE, authorization_servers: ['https://as.example/t1'], ...fields });

test('the metadata URL puts the well-known suffix between the host and the path (RFC 9728 §3.1)', () => {
  assert.equal(resourceMetadataUrl(RESOURCE), WHERE);
  assert.equal(resourceMetadataUrl('https://mcp.example/'), 'https://mcp.example/.well-known/oauth-protected-resource');
});

test('metadata naming another resource is refused, naming both (RFC 9728 §3.3)', () => {
  const text = metadata({ resource: 'https://evil.example/mcp' });
  assert.throws(() => checkResourceMetadata(text, RESOURCE, WHERE), {
    code: 'invalid_resource_metadata',
    message: `The protected resource metadata at ${WHERE} names the resource "https://evil.example/mcp", not ${RESOURCE}.`,
  });
});

test('metadata without authorization servers, or one on plain http off loopback, is refused', () => {
  assert.throws(() => checkResourceMetadata(metadata({ authorization_servers: [] }), RESOURCE, WHERE), {
    code: 'invalid_resource_metadata',
  });
  const http = metadata({ authorization_servers: ['http://as.example'] });
  assert.throws(() => checkResourceMetadata(http, RESOURCE, WHERE), { code: 'insecure_url' });
  assert.throws(() => checkResourceMetadata('<html>', RESOURCE, WHERE), /is not a JSON object/);
});

test('good metadata gives its authorization servers and scopes', () => {
  const m = checkResourceMetadata(metadata({ scopes_supported: ['a', 'b'] }), RESOURCE, WHERE);
  assert.deepEqual(m, {
    resource: RESOURCE,
    authorization_servers: ['https://as.example/t1'],
    scopes_supported: ['a', 'b'],
  });
});

test('the Bearer challenge gives resource_metadata and scope, quoted or not, among other schemes', () => {
  const header = 'Basic realm="x", Bearer error="invalid_token", resource_metadata="https://r.example/m", scope=read';
  assert.deepEqual(bearerChallenge(header), {
    error: 'invalid_token',
    resource_metadata: 'https://r.example/m',
    scope: 'read',
  });
  assert.equal(bearerChallenge('Basic realm="x"'), undefined);
  assert.equal(bearerChallenge(null), undefined);
});

test('a resource URL is stored under its identifier: no fragment, no query, host lower-cased; names stay names', () => {
  assert.equal(resourceIdentifier('HTTPS://MCP.Example/mcp?x=1#top'), 'https://mcp.example/mcp');
  assert.equal(providerName('github'), 'github');
  assert.throws(() => resourceIdentifier('http://mcp.example/mcp'), { code: 'insecure_url' });
  assert.equal(resourceIdentifier('http://127.0.0.1:8080/mcp'), 'http://127.0.0.1:8080/mcp');
  assert.throws(() => resourceIdentifier('https://u:p@mcp.example/'), { code: 'invalid_url' });
});

function serveMetadata(body: Record<string, unknown>, seen: string[]) {
  return useFetch(async (url) => {
    seen.push(url);
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  });
}

test('RFC 8414 metadata is asked for with path insertion; a server without S256 is refused', async () => {
  const seen: string[] = [];
  const issuer = 'https://as.example/t1';
  const restore = serveMetadata(
    { issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token` },
    seen,
  );
  try {
    await assert.rejects(discoverAuthServer(RESOURCE, issuer, AbortSignal.timeout(10_000)), {
      code: 'pkce_unsupported',
      message: `The authorization server ${issuer} does not list S256 in code_challenge_methods_supported.`,
    });
  } finally {
    restore();
  }
  assert.deepEqual(seen, ['https://as.example/.well-known/oauth-authorization-server/t1']);
});

test("the authorization server's metadata must name the issuer it was fetched for (RFC 8414 §3.3)", async () => {
  const issuer = 'https://as.example/t1';
  const body = {
    issuer: 'https://other.example',
    token_endpoint: 'https://other.example/token',
    code_challenge_methods_supported: ['S256'],
  };
  const restore = serveMetadata(body, []);
  try {
    await assert.rejects(discoverAuthServer(RESOURCE, issuer, AbortSignal.timeout(10_000)), {
      code: 'issuer_mismatch',
    });
  } finally {
    restore();
  }
});

test('with S256 and the right issuer, RFC 8414 metadata is used as it is', async () => {
  const issuer = 'https://as.example/t1';
  const body = { issuer, token_endpoint: `${issuer}/token`, code_challenge_methods_supported: ['S256'] };
  const restore = serveMetadata(body, []);
  try {
    const found = await discoverAuthServer(RESOURCE, issuer, AbortSignal.timeout(10_000));
    assert.equal(found.kind, 'oauth2');
    assert.equal(found.as.token_endpoint, `${issuer}/token`);
  } finally {
    restore();
  }
});

test('--prompt, --login-hint and --param reach a URL login beside its resource indicator, which they cannot replace', async () => {
  const issuer = 'https://as.example/t1';
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  const restore = useFetch(async (url) => {
    if (url === RESOURCE)
      return new Response('', { status: 401, headers: { 'www-authenticate': `Bearer resource_metadata="${WHERE}"` } });
    if (url === WHERE) return new Response(metadata({}), { headers: { 'content-type': 'application/json' } });
    const endpoints = { authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token` };
    return json({ issuer, ...endpoints, code_challenge_methods_supported: ['S256'] });
  });
  try {
    const authParams = { prompt: 'login', login_hint: 'ada@example.test', resource: 'https://other.example/' };
    const found = await resolveUrlProvider(RESOURCE, { clientId: 'cli', authParams }, AbortSignal.timeout(10_000));
    assert.deepEqual(found.provider.settings.authorization_params, {
      prompt: 'login',
      login_hint: 'ada@example.test',
      resource: RESOURCE,
    });
  } finally {
    restore();
  }
});
