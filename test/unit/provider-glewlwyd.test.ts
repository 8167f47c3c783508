// Quirks of Glewlwyd (test/support/providers/glewlwyd.ts), each a named test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientCredentialsFlow } from '../../src/flows/client-credentials.js';
import type { FlowContext } from '../../src/flows/types.js';
import { basicEncode } from '../../src/oauth-client.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { recordingUi } from '../support/io.js';
import { GLEWLWYD, glewlwyd } from '../support/providers/glewlwyd.js';

const provider = (clientId: string, clientSecret: string, extra = {}) =>
  resolveProvider(
    'glw',
    { path: '/c', providers: { glw: { issuer: GLEWLWYD, ...extra } } },
    {},
    { clientId, clientSecret },
  );
const ctx = (scope?: string): FlowContext => ({
  ui: recordingUi(),
  signal: new AbortController().signal,
  deadline: Date.now() + 60_000,
  browser: { kind: 'none' },
  grant: { scope },
});

test('glewlwyd: Basic credentials keep unreserved characters as they are (a server that never decodes accepts them)', async (t) => {
  const net = glewlwyd('oauth-login-cli', 'basic-secret_1.2~3');
  t.after(() => net.restore());
  const login = await clientCredentialsFlow(provider('oauth-login-cli', 'basic-secret_1.2~3'), ctx('api'));
  assert.equal(login.tokens.access_token, 'glw-at');
  assert.equal(
    Buffer.from(net.to('/api/oidc/token')[0]?.headers.get('authorization')?.slice(6) ?? '', 'base64').toString(),
    'oauth-login-cli:basic-secret_1.2~3',
  );
});

test('Basic credentials still encode what RFC 6749 §2.3.1 requires (":" and the rest), so a decoding server reads them', () => {
  assert.equal(basicEncode('a:b c/ä+*'), 'a%3Ab%20c%2F%C3%A4%2B%2A');
  assert.equal(basicEncode('A-z_0.9~'), 'A-z_0.9~');
});

test('glewlwyd: a scope-less grant refused with 403 and an empty body names the status, not "not JSON"', async (t) => {
  const net = glewlwyd('cli', 'secret');
  t.after(() => net.restore());
  await assert.rejects(clientCredentialsFlow(provider('cli', 'secret'), ctx()), {
    code: 'bad_status',
    message: 'The provider answered the client-credentials grant with HTTP 403 and an empty body.',
    hint: /refused this client/,
  });
});

test('a client refused with Basic by a server that takes client_secret_post says so, with the setting', async (t) => {
  const net = glewlwyd('cli', 'right');
  t.after(() => net.restore());
  await assert.rejects(clientCredentialsFlow(provider('cli', 'wrong'), ctx('api')), {
    message: /unauthorized_client \(HTTP 403\)/,
    hint: /"token_auth": "client_secret_post"/,
  });
  const post = await clientCredentialsFlow(provider('cli', 'right', { token_auth: 'client_secret_post' }), ctx('api'));
  assert.equal(post.tokens.access_token, 'glw-at');
});
