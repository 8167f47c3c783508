// --client-metadata-url: a client ID metadata document's URL is the client id, at servers that advertise
// client_id_metadata_document_supported; elsewhere an error naming that field. Only well-formed https URLs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkClientMetadataUrl } from '../../src/flows/url-client.js';
import { resolveUrlProvider, urlProvider } from '../../src/flows/url-provider.js';
import { AS, mcpRoutes, RESOURCE } from '../support/providers/mcp-routes.js';
import { fakeNetwork } from '../support/providers/network.js';

const DOC = 'https://client.example/oauth-login.json';
const signal = () => AbortSignal.timeout(10_000);

const resourceAt = (asFields: Record<string, unknown>) => fakeNetwork(mcpRoutes(asFields));

test('a server that takes client ID metadata documents gets the URL as client id, before any kept or new client', async (t) => {
  const net = resourceAt({ client_id_metadata_document_supported: true });
  t.after(() => net.restore());
  const kept = {
    known: async () => ({
      client_id: 'kept',
      redirect_uri: 'http://localhost:5000/callback',
      grant_types: ['authorization_code'],
    }),
    earlier: { issuer: AS, client_id: 'kept' },
  };
  const found = await resolveUrlProvider(RESOURCE, { clientMetadataUrl: DOC }, signal(), kept);
  assert.deepEqual([found.client.source, found.provider.settings.client_id], ['metadata-url', DOC]);
  assert.equal(found.client.registered, undefined, 'nothing to keep');
  assert.equal(net.to('/reg').length, 0);
});

test('a server without client_id_metadata_document_supported: true is told no, naming the field; nothing registered', async () => {
  for (const fields of [{}, { client_id_metadata_document_supported: 'true' }]) {
    const net = resourceAt(fields);
    try {
      await assert.rejects(resolveUrlProvider(RESOURCE, { clientMetadataUrl: DOC }, signal()), {
        code: 'client_metadata_unsupported',
        message:
          'https://as.example does not take client ID metadata documents: its metadata has no "client_id_metadata_document_supported": true.',
      });
      assert.equal(net.to('/reg').length, 0);
    } finally {
      net.restore();
    }
  }
});

test('only an https URL with a path, spelled as it parses, is a client ID metadata document URL', () => {
  assert.equal(checkClientMetadataUrl(DOC), DOC);
  assert.equal(checkClientMetadataUrl('https://client.example/c?v=2'), 'https://client.example/c?v=2');
  const refused: [string, RegExp][] = [
    ['http://127.0.0.1:8000/client.json', /is not an https URL/],
    ['http://client.example/client.json', /is not an https URL/],
    ['https://client.example/', /needs a path/],
    ['https://client.example/a/../client.json', /needs a path without "\." or "\.\." segments/],
    ['https://client.example/client.json#x', /carries a fragment/],
    ['https://u:p@client.example/client.json', /carries a user name or password/],
    ['https://Client.Example/client.json', /is not spelled as it parses \(https:\/\/client\.example\/client\.json\)/],
    ['client.json', /is not a URL/],
  ];
  for (const [value, message] of refused)
    assert.throws(() => checkClientMetadataUrl(value), { code: 'invalid_url', message }, value);
});

test('--client-metadata-url with --client-id, or with --register, is refused before any request', async (t) => {
  const net = resourceAt({ client_id_metadata_document_supported: true });
  t.after(() => net.restore());
  const io = { env: {}, signal: signal() };
  await assert.rejects(urlProvider(RESOURCE, { clientMetadataUrl: DOC, clientId: 'x' }, io, {}), {
    code: 'usage',
    message: '--client-id and --client-metadata-url were both given: a login has one client.',
  });
  await assert.rejects(urlProvider(RESOURCE, { clientMetadataUrl: DOC, register: true }, io, {}), {
    code: 'usage',
    message: '--register asks for a new client: it cannot go with a client id given.',
  });
  await assert.rejects(urlProvider(RESOURCE, { clientMetadataUrl: 'http://client.example/c' }, io, {}), {
    code: 'invalid_url',
  });
  assert.equal(net.seen.length, 0);
});
