// login <URL> --flow device: at a server with a device_authorization_endpoint, the resource indicator (RFC 8707)
// goes on the device authorization and the token requests, and a registered client asks for the device grant.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceFlow } from '../../src/flows/device.js';
import { resolveUrlProvider, urlProvider } from '../../src/flows/url-provider.js';
import { recordingIo } from '../support/io.js';
import { AS, mcpRoutes, RESOURCE } from '../support/providers/mcp-routes.js';
import { fakeClock, fakeNetwork } from '../support/providers/network.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const signal = () => AbortSignal.timeout(10_000);

function deviceServer(asFields: Record<string, unknown> = { device_authorization_endpoint: `${AS}/device` }) {
  return fakeNetwork({
    ...mcpRoutes(asFields, 'Bearer scope="mcp:tools"'),
    [`${AS}/device`]: () =>
      Response.json({
        device_code: 'dc-1',
        user_code: 'WDJB-MJHT',
        verification_uri: `${AS}/activate`,
        expires_in: 600,
        interval: 5,
      }),
    [`${AS}/token`]: () => Response.json({ access_token: 'for-the-resource', token_type: 'Bearer', expires_in: 600 }),
  });
}

test('a URL login with --flow device registers for the device grant and binds both requests to the resource', async (t) => {
  const net = deviceServer();
  t.after(() => net.restore());
  const { provider } = await resolveUrlProvider(RESOURCE, { device: true }, signal());
  assert.deepEqual(JSON.parse(net.to('/reg')[0]?.text ?? '{}').grant_types, [
    'authorization_code',
    'refresh_token',
    DEVICE_GRANT,
  ]);
  const io = recordingIo({});
  const ctx = { ui: io.ui, signal: io.signal, deadline: Date.now() + 60_000, browser: { kind: 'none' as const } };
  const login = await deviceFlow(provider, { ...ctx, clock: fakeClock() });
  assert.equal(login.tokens.access_token, 'for-the-resource');
  const device = net.to('/device')[0]?.body;
  assert.deepEqual(
    [device?.get('resource'), device?.get('scope'), device?.get('client_id')],
    [RESOURCE, 'mcp:tools', 'dcr'],
  );
  const token = net.to('/token')[0]?.body;
  assert.deepEqual([token?.get('grant_type'), token?.get('resource')], [DEVICE_GRANT, RESOURCE]);
  assert.equal(login.server.resource, RESOURCE, 'kept for refreshes');
});

test('--flow device at a server without a device_authorization_endpoint says so before registering', async (t) => {
  const net = deviceServer({});
  t.after(() => net.restore());
  await assert.rejects(urlProvider(RESOURCE, { flow: 'device' }, { env: {}, signal: signal() }, {}), {
    code: 'missing_endpoints',
    message: 'https://as.example has no device_authorization_endpoint: --flow device cannot work there.',
  });
  assert.equal(net.to('/reg').length, 0);
});

test('a kept registration without the device grant is not reused for --flow device: a new one is made', async (t) => {
  const net = deviceServer();
  t.after(() => net.restore());
  const kept = {
    client_id: 'auth-code-only',
    redirect_uri: 'http://localhost:5000/callback',
    grant_types: ['authorization_code', 'refresh_token'],
  };
  const sources = { known: async () => kept, earlier: { issuer: AS, client_id: 'auth-code-only' } };
  const found = await resolveUrlProvider(RESOURCE, { device: true }, signal(), sources);
  assert.deepEqual([found.client.source, found.provider.settings.client_id], ['registered', 'dcr']);
  const browser = await resolveUrlProvider(RESOURCE, {}, signal(), sources);
  assert.deepEqual([browser.client.source, browser.provider.settings.client_id], ['registration', 'auth-code-only']);
});

test('the machine flows are refused for a URL login, naming the ones that work', async () => {
  await assert.rejects(urlProvider(RESOURCE, { flow: 'client-credentials' }, { env: {}, signal: signal() }, {}), {
    code: 'usage',
    message: '--flow client-credentials is not available for a login from a URL.',
    hint: 'Leave --flow out to sign in in a browser, or use --flow device.',
  });
});
