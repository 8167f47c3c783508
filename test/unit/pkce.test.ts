import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { authCodeFlow } from '../../src/flows/auth-code.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import type { Ui } from '../../src/ui.js';
import { authorize, CLIENT_ID, FakeOp, visit } from '../support/fake-op.js';

// PKCE as our auth-code flow does it (RFC 7636), in process against the scripted provider: what the authorization URL
// carries, and what the token request sends later.

/** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))), computed here independently of the code under test. */
const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

let op: FakeOp;
before(async () => {
  op = await FakeOp.start();
});
after(() => op.close());

/** One login with no browser: the URL comes from the prompt that asks the person to open it. */
async function login(): Promise<{ url: URL; token: URLSearchParams }> {
  op.reset();
  let shown: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    shown = resolve;
  });
  const quiet = () => {};
  const ui: Ui = {
    info: quiet,
    success: quiet,
    warn: quiet,
    notice: quiet,
    error: quiet,
    prompt: (text) => shown(/https?:\/\/\S+/.exec(text)?.[0] ?? ''),
    waiting: () => ({ stop: quiet }),
  };
  const provider = resolveProvider(
    'fake',
    { path: '/nonexistent/config.json', providers: {} },
    {},
    {
      issuer: op.issuer,
      clientId: CLIENT_ID,
      port: 0,
    },
  );
  const signal = new AbortController().signal;
  const flow = authCodeFlow(provider, { ui, signal, deadline: Date.now() + 60_000, browser: { kind: 'none' } });
  const authorization = await url;
  const page = await visit(await authorize(authorization));
  assert.equal(page.status, 200, page.body);
  const result = await flow;
  assert.equal(result.kind === 'person' && result.profile.id, 'ada');
  assert.equal(op.tokenRequests.length, 1);
  return { url: new URL(authorization), token: op.tokenRequests[0] as URLSearchParams };
}

test('the S256 computed by this test is the one of RFC 7636 Appendix B', () => {
  assert.equal(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('the authorization URL carries S256 of the verifier that the token request sends later', async () => {
  const { url, token } = await login();
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  const verifier = token.get('code_verifier') ?? '';
  assert.match(verifier, /^[A-Za-z0-9\-._~]{43,128}$/, 'RFC 7636 §4.1: 43 to 128 unreserved characters');
  assert.equal(url.searchParams.get('code_challenge'), s256(verifier));
  assert.equal(url.searchParams.getAll('code_challenge').length, 1);
  assert.ok(!url.href.includes(verifier), 'the verifier itself never appears in the authorization URL');
});

test('every login has a fresh verifier and challenge', async () => {
  const first = await login();
  const second = await login();
  assert.notEqual(first.token.get('code_verifier'), second.token.get('code_verifier'));
  assert.notEqual(first.url.searchParams.get('code_challenge'), second.url.searchParams.get('code_challenge'));
});
