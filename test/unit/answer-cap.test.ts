// Every answer from a provider is read once and capped at 1 MiB (test/HOSTILE.md row 29): one test per endpoint, each
// through the code that calls it, against a network (the transport's seam) whose answer at that endpoint never ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNetwork } from '../../src/doctor/network.js';
import { authCodeFlow } from '../../src/flows/auth-code.js';
import { mintTokens } from '../../src/flows/client-credentials.js';
import { deviceFlow } from '../../src/flows/device.js';
import { verifyIdTokenSignature } from '../../src/flows/id-token.js';
import { getSignedJson, postForCredentials } from '../../src/flows/oauth1-http.js';
import { fetchProfile } from '../../src/flows/profile-request.js';
import { refreshTokens } from '../../src/flows/refresh.js';
import { revokeToken } from '../../src/flows/revoke.js';
import type { FlowContext } from '../../src/flows/types.js';
import { oauthClient } from '../../src/oauth-client.js';
import { discover } from '../../src/providers/discover.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { MAX_ANSWER_BYTES, useFetch } from '../../src/transport.js';
import { recordingUi } from '../support/io.js';

const OP = 'https://op.example';
const CHUNK = 64 * 1024;
/** What an honest provider answers, by path; the endpoint under test answers without end instead. */
const HONEST: Record<string, () => unknown> = {
  '/.well-known/openid-configuration': () => ({
    issuer: OP,
    authorization_endpoint: `${OP}/authorize`,
    token_endpoint: `${OP}/token`,
    device_authorization_endpoint: `${OP}/device`,
    userinfo_endpoint: `${OP}/userinfo`,
    revocation_endpoint: `${OP}/revoke`,
    jwks_uri: `${OP}/jwks`,
    id_token_signing_alg_values_supported: ['RS256'],
  }),
  '/device': () => ({
    device_code: 'd',
    user_code: 'U',
    verification_uri: `${OP}/verify`,
    expires_in: 60,
    interval: 1,
  }),
};

/** The network for one test: `endless` gets a body that never ends (48 MiB at most); returns how much was pulled. */
function network(endless: string) {
  let pulled = 0;
  const restore = useFetch(async (url) => {
    const { pathname } = new URL(url);
    if (pathname === endless) {
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (++pulled > 768) controller.close();
          else controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
        },
      });
      return new Response(body, { headers: { 'content-type': 'application/json', date: new Date().toUTCString() } });
    }
    const honest = HONEST[pathname];
    if (!honest) return new Response('not here', { status: 404 });
    return Response.json(honest(), { headers: { 'cache-control': 'no-store' } });
  });
  return { restore, read: () => pulled * CHUNK };
}

const signal = () => new AbortController().signal;
const provider = (flags = {}) =>
  resolveProvider(
    'op',
    { path: '/c', providers: {} },
    {},
    {
      issuer: OP,
      clientId: 'cli',
      redirectUri: 'http://127.0.0.1:0/callback',
      ...flags,
    },
  );
const server = { issuer: OP, token_endpoint: `${OP}/token`, revocation_endpoint: `${OP}/revoke` };
const client = { client_id: 'cli', client_secret: 's' };
const tooLarge = { code: 'answer_too_large' };

/** Runs `call` with `path` answering without end: it fails (or gives up) having read little more than the cap. */
async function capped(path: string, call: () => Promise<unknown>, expect: 'rejects' | 'resolves' = 'rejects') {
  const net = network(path);
  try {
    if (expect === 'rejects') await assert.rejects(call(), tooLarge);
    else await call();
  } finally {
    net.restore();
  }
  assert.ok(net.read() > 0, `${path} was requested`);
  assert.ok(net.read() <= MAX_ANSWER_BYTES + 2 * CHUNK, `${path}: read ${net.read()} bytes`);
}

test('discovery', () => capped('/.well-known/openid-configuration', () => discover(provider(), signal())));

test('the key set (JWKS)', async () => {
  const as = await (async () => {
    const net = network('/none');
    try {
      return await discover(provider(), signal());
    } finally {
      net.restore();
    }
  })();
  const jwt = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.e30.c2ln`;
  await capped('/jwks', () => verifyIdTokenSignature(as, oauthClient('cli'), jwt, signal()));
});

test('the refresh grant', () =>
  capped('/token', () =>
    refreshTokens(server, client, { access_token: 'a', token_type: 'bearer', refresh_token: 'r' }, signal()),
  ));

test('the client-credentials grant', () => capped('/token', () => mintTokens(server, client, {}, signal())));

test('revocation: the answer is capped and the token reported as not revoked', () =>
  capped(
    '/revoke',
    async () =>
      assert.match((await revokeToken(server, client, 'a', 'access_token', signal())) ?? '', /larger than 1 MiB/),
    'resolves',
  ));

test('userinfo', () =>
  capped('/userinfo', () =>
    fetchProfile(
      provider(),
      { ...server, userinfo_endpoint: `${OP}/userinfo` },
      oauthClient('cli'),
      'a',
      { sub: 'ada' } as never,
      signal(),
    ),
  ));

test('a profile API (plain OAuth 2.0)', () => {
  const github = resolveProvider('github', { path: '/c', providers: {} }, {}, { clientId: 'cli' });
  const net = github.settings.profile_url ? new URL(github.settings.profile_url).pathname : '';
  return capped(net, () => fetchProfile(github, server, oauthClient('cli'), 'a', undefined, signal()));
});

const ctx = (): FlowContext => ({
  ui: recordingUi(),
  signal: signal(),
  deadline: Date.now() + 60_000,
  browser: { kind: 'none', reason: 'test' },
});

test('device authorization', () => capped('/device', () => deviceFlow(provider(), ctx())));

test('device polling', () => capped('/token', () => deviceFlow(provider(), ctx())));

test('the authorization-code token request', async () => {
  const said: Parameters<typeof recordingUi>[0] = [];
  const flow = { ...ctx(), ui: recordingUi(said) };
  await capped('/token', async () => {
    // Settled here, awaited below: it rejects while the browser's request is still being answered.
    const login = authCodeFlow(provider(), flow).then(
      () => undefined,
      (err: unknown) => err,
    );
    const url = await promptedUrl(said);
    const state = url.searchParams.get('state') ?? '';
    const callback = new URL(url.searchParams.get('redirect_uri') ?? '');
    for (const [k, v] of Object.entries({ code: 'c', state, iss: OP })) callback.searchParams.set(k, v);
    const page = await fetch(callback);
    assert.equal(page.status, 400, 'the browser is told it failed');
    throw await login;
  });
});

async function promptedUrl(said: { text: string }[]): Promise<URL> {
  for (let i = 0; i < 200; i++) {
    const match = said.map((s) => s.text.match(/https:\/\/op\.example\/authorize\S+/)).find(Boolean);
    if (match) return new URL(match[0]);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the flow never showed the authorization URL');
}

const consumer = { consumerKey: 'ck', consumerSecret: 'cs' };
const step = { what: 'the request-token request', hint: 'check' };

test('OAuth 1.0a token requests', () =>
  capped('/request_token', () => postForCredentials(`${OP}/request_token`, consumer, {}, signal(), step)));

test('OAuth 1.0a signed profile request', () =>
  capped('/profile', () =>
    getSignedJson(`${OP}/profile`, { ...consumer, token: 't', tokenSecret: 'ts' }, signal(), step),
  ));

test("doctor's network check (whose answer the clock check reads) reads the headers only: an endless body is not read", async () => {
  const net = network('/.well-known/openid-configuration');
  try {
    const { check, probe } = await checkNetwork(provider(), {}, {}, signal());
    assert.equal(check.ok, true, check.detail);
    assert.ok(probe?.date, 'the Date header is kept for the clock check');
  } finally {
    net.restore();
  }
  assert.ok(net.read() <= 2 * CHUNK, `read ${net.read()} bytes`);
});
