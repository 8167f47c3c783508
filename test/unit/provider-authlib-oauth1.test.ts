// Authlib 1.2's OAuth 1 server (Debian's python3-authlib) answers the request-token call with
// oauth_callback_confirmed=True, capitalised; RFC 5849 §2.1 writes "true". A provider that omits it is still refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oauth1Flow } from '../../src/flows/oauth1.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { recordingIo } from '../support/io.js';
import { fakeNetwork } from '../support/providers/network.js';

const AUTHLIB = 'https://authlib.example';
const provider = () =>
  resolveProvider(
    'authlib',
    {
      path: '/c',
      providers: {
        authlib: {
          protocol: 'oauth1',
          request_token_url: `${AUTHLIB}/initiate`,
          authorize_url: `${AUTHLIB}/authorize`,
          access_token_url: `${AUTHLIB}/token`,
          profile_url: `${AUTHLIB}/me`,
        },
      },
    },
    {},
    { clientId: 'ck', clientSecret: 'cs', redirectUri: 'http://127.0.0.1:0/callback' },
  );

function answering(confirmed: string | undefined) {
  const form = new URLSearchParams({ oauth_token: 'temp-token', oauth_token_secret: 'temp-secret' });
  if (confirmed !== undefined) form.set('oauth_callback_confirmed', confirmed);
  return fakeNetwork({ [`${AUTHLIB}/initiate`]: () => new Response(form.toString()) });
}

test('authlib: oauth_callback_confirmed=True is a confirmed callback: the person is sent to authorize', async (t) => {
  const net = answering('True');
  t.after(() => net.restore());
  const controller = new AbortController();
  const io = recordingIo({}, controller.signal);
  const flow = oauth1Flow(provider(), {
    ui: io.ui,
    signal: io.signal,
    deadline: Date.now() + 60_000,
    browser: { kind: 'none' },
  });
  for (let i = 0; i < 200 && !/authorize\?oauth_token=temp-token/.test(io.stderrText()); i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.match(io.stderrText(), /https:\/\/authlib\.example\/authorize\?oauth_token=temp-token/);
  controller.abort(new Error('done'));
  await assert.rejects(flow, /done/);
});

test('a request-token answer without oauth_callback_confirmed (OAuth 1.0 before the "a") is still refused', async (t) => {
  const net = answering(undefined);
  t.after(() => net.restore());
  const io = recordingIo({});
  const flow = oauth1Flow(provider(), {
    ui: io.ui,
    signal: io.signal,
    deadline: Date.now() + 60_000,
    browser: { kind: 'none' },
  });
  await assert.rejects(flow, { code: 'callback_not_confirmed' });
});
