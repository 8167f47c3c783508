// RFC 8414: a plain OAuth 2.0 server that publishes metadata needs only its issuer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientCredentialsFlow } from '../../src/flows/client-credentials.js';
import type { FlowContext } from '../../src/flows/types.js';
import { discover } from '../../src/providers/discover.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { recordingUi } from '../support/io.js';
import { fakeNetwork } from '../support/providers/network.js';

const ISSUER = 'https://as.example/tenant-1';
const metadata = {
  issuer: ISSUER,
  authorization_endpoint: 'https://as.example/tenant-1/authorize',
  token_endpoint: 'https://as.example/tenant-1/token',
  revocation_endpoint: 'https://as.example/tenant-1/revoke',
};
const corp = (entry = {}) =>
  resolveProvider(
    'corp',
    { path: '/c', providers: { corp: { protocol: 'oauth2', issuer: ISSUER, ...entry } } },
    {},
    {
      clientId: 'cli',
      clientSecret: 's',
    },
  );

test('RFC 8414: "protocol": "oauth2" with an issuer finds its endpoints at the path-inserted well-known URL', async (t) => {
  const net = fakeNetwork({
    'https://as.example/.well-known/oauth-authorization-server/tenant-1': () => Response.json(metadata),
    'https://as.example/tenant-1/token': () =>
      Response.json({ access_token: 'm2m', token_type: 'Bearer', expires_in: 60 }),
  });
  t.after(() => net.restore());
  const ctx: FlowContext = {
    ui: recordingUi(),
    signal: new AbortController().signal,
    deadline: Date.now() + 60_000,
    browser: { kind: 'none' },
    grant: {},
  };
  const login = await clientCredentialsFlow(corp(), ctx);
  assert.equal(login.tokens.access_token, 'm2m');
  assert.equal(login.server.revocation_endpoint, metadata.revocation_endpoint, 'kept for logout');
});

test('RFC 8414: endpoints in the config win over the metadata; an issuer the metadata does not name is refused', async (t) => {
  const net = fakeNetwork({
    'https://as.example/.well-known/oauth-authorization-server/tenant-1': () => Response.json(metadata),
  });
  t.after(() => net.restore());
  const as = await discover(
    corp({ token_endpoint: 'https://as.example/tenant-1/token-proxy' }),
    new AbortController().signal,
  );
  assert.equal(as.token_endpoint, 'https://as.example/tenant-1/token-proxy');
  net.restore();
  const liar = fakeNetwork({
    'https://as.example/.well-known/oauth-authorization-server/tenant-1': () =>
      Response.json({ ...metadata, issuer: 'https://evil.example' }),
  });
  t.after(() => liar.restore());
  await assert.rejects(discover(corp(), new AbortController().signal), { code: 'issuer_mismatch' });
});
