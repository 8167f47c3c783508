// test/HOSTILE.md rows 30–32: what a refresh may store and print. In-process, against a scripted provider.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runLogout } from '../../src/commands/logout.js';
import { runToken } from '../../src/commands/token.js';
import { run as fastPath } from '../../src/fast.js';
import type { TokenSet } from '../../src/flows/types.js';
import { openLogins, readSecret, removeLogin, saveLogin } from '../../src/logins/service.js';
import type { PersonLogin } from '../../src/logins/types.js';
import { validTokens } from '../../src/logins/valid-tokens.js';
import { FileStore } from '../../src/store/file.js';
import { CLIENT, discovery, fakeNetwork, tokenAnswer } from '../support/fake-network.js';
import { recordingIo } from '../support/io.js';

const now = () => Math.floor(Date.now() / 1000);
const options = { minTtl: 60, format: 'raw' as const };

/** A stored person login in a fresh data directory, with the tokens given. */
async function stored(t: { after(fn: () => void): void }, tokens: TokenSet) {
  const home = mkdtempSync(join(tmpdir(), 'oauth-login-refresh-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = { XDG_DATA_HOME: home };
  const logins = openLogins(env);
  const { issuer, token_endpoint, revocation_endpoint, jwks_uri } = discovery();
  const login: PersonLogin = {
    kind: 'person',
    flow: 'auth-code',
    provider: 'op',
    account: 'ada',
    store: 'file',
    profile: { id: 'ada' },
    updated_at: new Date().toISOString(),
    client_id: CLIENT,
    ...{ issuer, token_endpoint, revocation_endpoint, jwks_uri },
  };
  await saveLogin(logins, new FileStore(logins.dir), login, { tokens });
  return { env, logins, login };
}

const expired = (idToken: string): TokenSet => ({
  access_token: 'at-old',
  token_type: 'bearer',
  refresh_token: 'rt-old',
  id_token: idToken,
  expires_at: now() - 10,
});

for (const [name, claims, unpublished, code] of [
  ['signed by a key the provider does not publish', {}, true, 'id_token_unknown_key'],
  ['naming another subject', { sub: 'eve' }, false, 'id_token_claim_mismatch'],
  ['naming another audience', { aud: 'other-client' }, false, 'id_token_claim_mismatch'],
] as const) {
  test(`row 30: a refreshed ID token ${name} is refused; the old login is kept, nothing printed`, async (t) => {
    const net = await fakeNetwork();
    t.after(() => net.restore());
    const { env, logins, login } = await stored(t, expired(await net.idToken()));
    const before = await readSecret(logins, login);
    const bad = await net.idToken(claims, unpublished);
    net.token = () => tokenAnswer({ refresh_token: 'rt-new', id_token: bad });
    const io = recordingIo(env);
    await assert.rejects(runToken('op', options, io), { code });
    assert.deepEqual(io.stdout, []);
    assert.deepEqual(await readSecret(logins, login), before, 'the stored tokens are unchanged');
  });
}

test('row 30: an honest refreshed ID token is verified against the published keys and stored', async (t) => {
  const net = await fakeNetwork();
  t.after(() => net.restore());
  const { env, logins, login } = await stored(t, expired(await net.idToken()));
  const fresh = await net.idToken({ name: 'Ada' });
  net.token = () => tokenAnswer({ refresh_token: 'rt-new', id_token: fresh });
  const io = recordingIo(env);
  await runToken('op', options, io);
  assert.equal(io.stdout.length, 1);
  assert.equal(net.count('/jwks'), 1, 'the signature was checked');
  const tokens = (await readSecret(logins, login))?.tokens;
  assert.deepEqual([tokens?.refresh_token, tokens?.id_token], ['rt-new', fresh]);
});

test('row 31: token --id-token never prints an expired ID token (the access token being fresh or not)', async (t) => {
  const net = await fakeNetwork();
  t.after(() => net.restore());
  const old = await net.idToken({ iat: now() - 7200, exp: now() - 3600 });
  const { env } = await stored(t, { ...expired(old), expires_at: now() + 3600 });
  // A refresh answer may come without an ID token (RFC 6749 §6): then there is none to print.
  net.token = () => tokenAnswer({ refresh_token: 'rt-new' });
  const io = recordingIo(env);
  await assert.rejects(runToken('op', { ...options, idToken: true }, io), { code: 'needs_login' });
  assert.deepEqual(io.stdout, []);
  assert.equal(net.count('/token'), 1, 'a refresh was tried first');
  // The fast path (a fresh access token) leaves it to the full CLI rather than print it.
  const saved = process.env.XDG_DATA_HOME;
  process.env.XDG_DATA_HOME = env.XDG_DATA_HOME;
  t.after(() => {
    process.env.XDG_DATA_HOME = saved;
  });
  assert.equal(await fastPath(['token', 'op', '--id-token']), undefined);
  const renewed = await net.idToken();
  net.token = () => tokenAnswer({ refresh_token: 'rt-2', id_token: renewed });
  const again = recordingIo(env);
  await runToken('op', { ...options, idToken: true }, again);
  assert.deepEqual(again.stdout, [renewed]);
});

/** A token endpoint that answers when told to, to hold a refresh in flight. */
function held(net: Awaited<ReturnType<typeof fakeNetwork>>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  net.token = async () => {
    await gate;
    return tokenAnswer({ refresh_token: 'rt-new' });
  };
  return release;
}

test('row 32: logout during a refresh waits for it, then revokes what it wrote; nothing usable survives', async (t) => {
  const net = await fakeNetwork();
  t.after(() => net.restore());
  const { env, logins, login } = await stored(t, expired(await net.idToken()));
  const release = held(net);
  const refresh = validTokens(logins, login, 60, new AbortController().signal);
  while (net.count('/token') === 0) await new Promise((r) => setTimeout(r, 5));
  const logout = runLogout('op', {}, recordingIo(env));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(net.count('/revoke'), 0, 'logout waits for the refresh in flight');
  release();
  await refresh;
  await logout;
  const revoked = net.requests.filter((r) => r.path === '/revoke').map((r) => r.body.get('token'));
  assert.ok(revoked.includes('rt-new'), `the rotated refresh token was revoked (revoked: ${revoked.join(', ')})`);
  assert.equal(await readSecret(openLogins(env), login), undefined, 'no secret left');
});

test('row 32: a refresh whose login was removed meanwhile revokes what it got and stores nothing', async (t) => {
  const net = await fakeNetwork();
  t.after(() => net.restore());
  const { logins, login } = await stored(t, expired(await net.idToken()));
  const release = held(net);
  const refresh = validTokens(logins, login, 60, new AbortController().signal);
  while (net.count('/token') === 0) await new Promise((r) => setTimeout(r, 5));
  await removeLogin(logins, login); // as a logout that did not take the lock would
  release();
  await assert.rejects(refresh, { code: 'needs_login' });
  const revoked = net.requests.filter((r) => r.path === '/revoke').map((r) => r.body.get('token'));
  assert.ok(revoked.includes('rt-new'), 'the new refresh token was revoked');
  assert.equal(await readSecret(logins, login), undefined, 'nothing was written back');
});
