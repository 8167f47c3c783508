// A URL login's client identity: --client-id, the client kept for its authorization server (per issuer, secret in
// the store), the earlier login's, or Dynamic Client Registration; a reused client the server refuses names --register.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LoginError } from '../../src/errors.js';
import { resolveUrlProvider } from '../../src/flows/url-provider.js';
import { refreshTokens } from '../../src/flows/refresh.js';
import { type ChosenClient, rejectedClient } from '../../src/flows/url-client.js';
import { findRegistration, type KnownClient, saveRegistration } from '../../src/logins/registrations.js';
import { openLogins } from '../../src/logins/service.js';
import { FileStore } from '../../src/store/file.js';
import { MemoryStore } from '../../src/store/memory.js';
import { AS, asMetadata, resourceRoutes } from '../support/providers/mcp-routes.js';
import { fakeNetwork } from '../support/providers/network.js';
import { tempDir } from '../support/tmp.js';

const REDIRECT = 'http://localhost:5000/callback';
const signal = () => AbortSignal.timeout(10_000);

/** Two resources behind one authorization server that registers clients (and counts the registrations). */
function twoResources(register: () => Response = () => Response.json({ client_id: 'dcr-1' }, { status: 201 })) {
  return fakeNetwork({
    ...resourceRoutes('/a'),
    ...resourceRoutes('/b'),
    [`${AS}/.well-known/oauth-authorization-server`]: asMetadata(),
    [`${AS}/reg`]: register,
  });
}

const known = (over: Partial<KnownClient> = {}): KnownClient => ({
  issuer: AS,
  client_id: 'kept',
  redirect_uri: REDIRECT,
  grant_types: ['authorization_code', 'refresh_token'],
  ...over,
});

test('a second resource at the same authorization server reuses the client registered for the first', async (t) => {
  const net = twoResources();
  t.after(() => net.restore());
  const logins = openLogins({}, { dir: tempDir('oauth-login-reg-') });
  const first = await resolveUrlProvider('https://mcp.example/a', {}, signal());
  assert.equal(first.client.source, 'registered');
  assert.deepEqual(JSON.parse(net.to('/reg')[0]?.text ?? '{}').token_endpoint_auth_method, 'none');
  await saveRegistration(logins, new FileStore(logins.dir), {
    ...(first.client.registered as KnownClient),
    issuer: AS,
  });

  const second = await resolveUrlProvider('https://mcp.example/b', {}, signal(), {
    known: (issuer) => findRegistration(logins, issuer),
  });
  assert.equal(second.client.source, 'registration');
  assert.equal(second.provider.settings.client_id, 'dcr-1');
  assert.equal(net.to('/reg').length, 1, 'registered once');
});

test('--register registers a new client although one is kept; --client-id wins over both', async (t) => {
  const net = twoResources(() => Response.json({ client_id: 'dcr-2' }, { status: 201 }));
  t.after(() => net.restore());
  const sources = { known: async () => known(), earlier: { issuer: AS, client_id: 'kept' } };
  const fresh = await resolveUrlProvider('https://mcp.example/a', { register: true }, signal(), sources);
  assert.equal(fresh.provider.settings.client_id, 'dcr-2');
  const given = await resolveUrlProvider('https://mcp.example/a', { clientId: 'mine' }, signal(), sources);
  assert.deepEqual([given.client.source, given.provider.settings.client_id], ['flag', 'mine']);
  assert.equal(net.to('/reg').length, 1);
});

test('a kept client is reused on another loopback port (RFC 8252 §7.3), not for another redirect path or host', async (t) => {
  const net = twoResources();
  t.after(() => net.restore());
  const port = { known: async () => known({ redirect_uri: 'http://localhost:6000/callback' }) };
  const moved = await resolveUrlProvider('https://mcp.example/a', { port: 0 }, signal(), port);
  assert.equal(moved.client.source, 'registration');
  for (const redirect_uri of ['http://localhost:5000/other', 'http://127.0.0.1:5000/callback']) {
    const other = { known: async () => known({ redirect_uri }) };
    const found = await resolveUrlProvider('https://mcp.example/a', {}, signal(), other);
    assert.equal(found.client.source, 'registered', redirect_uri);
  }
  assert.equal(net.to('/reg').length, 2);
});

test("the earlier login's client is reused at its own issuer only, and carries the kept secret when it is the kept one", async (t) => {
  const net = twoResources();
  t.after(() => net.restore());
  const secret = { known: async () => known({ client_secret: 's3', token_auth: 'client_secret_post' as const }) };
  const same = await resolveUrlProvider('https://mcp.example/a', {}, signal(), {
    ...secret,
    earlier: { issuer: AS, client_id: 'kept' },
  });
  assert.equal(same.provider.settings.client_secret, 's3');
  assert.equal(same.provider.settings.token_auth, 'client_secret_post');
  const byHand = await resolveUrlProvider('https://mcp.example/a', {}, signal(), {
    ...secret,
    earlier: { issuer: AS, client_id: 'typed-once' },
  });
  assert.deepEqual([byHand.client.source, byHand.provider.settings.client_id], ['earlier', 'typed-once']);
  assert.equal(byHand.provider.settings.client_secret, undefined);
  const elsewhere = await resolveUrlProvider('https://mcp.example/a', {}, signal(), {
    earlier: { issuer: 'https://old-as.example', client_id: 'old' },
  });
  assert.equal(elsewhere.client.source, 'registered');
});

test('a registration keeps its client_id in a 0600 record and its secret in the store only; none is kept with no store', async () => {
  const logins = openLogins({}, { dir: tempDir('oauth-login-reg-') });
  const store = new FileStore(logins.dir);
  await saveRegistration(logins, store, known({ client_secret: 'shh', token_auth: 'client_secret_basic' }));
  const path = join(logins.dir, 'registrations.json');
  const text = readFileSync(path, 'utf8');
  assert.match(text, /"client_id": "kept"/);
  assert.doesNotMatch(text, /shh/);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal((await findRegistration(logins, AS))?.client_secret, 'shh');
  assert.equal(await findRegistration(logins, 'https://other.example'), undefined);

  const none = openLogins({}, { dir: tempDir('oauth-login-reg-') });
  await saveRegistration(none, new MemoryStore(), known());
  assert.equal(await findRegistration(none, AS), undefined);
});

test('a kept registration whose secret expired, or whose secret is gone from the store, is not reused', async () => {
  const logins = openLogins({}, { dir: tempDir('oauth-login-reg-') });
  const store = new FileStore(logins.dir);
  await saveRegistration(logins, store, known({ client_secret: 'old', secret_expires_at: 1_000 }));
  assert.equal(await findRegistration(logins, AS), undefined);
  await saveRegistration(logins, store, known({ client_secret: 'new' }));
  await store.delete('@registration:https://as.example');
  assert.equal(await findRegistration(logins, AS), undefined);
});

const chosen = (source: ChosenClient['source']): ChosenClient => ({ client_id: 'kept', source, issuer: AS });
const refusal = (error: string) => new LoginError('provider_error', 'refused', { cause: { error } });

test('a reused client refused with invalid_client says so and names the command that registers a new one', () => {
  const said = {
    registration: 'oauth-login registered there earlier',
    earlier: 'an earlier login of this resource used',
  };
  for (const source of ['registration', 'earlier'] as const) {
    const err = rejectedClient(refusal('invalid_client'), chosen(source), 'https://mcp.example/a') as LoginError;
    assert.equal(err.code, 'client_rejected');
    assert.equal(
      err.message,
      `https://as.example refused the client ${said[source]} (client_id kept): invalid_client.`,
    );
    assert.match(err.hint ?? '', /Register a new client: oauth-login login https:\/\/mcp\.example\/a --register$/);
  }
  const wrapped = new LoginError('provider_error', 'with a hint', { cause: refusal('unauthorized_client') });
  assert.equal((rejectedClient(wrapped, chosen('registration'), 'x') as LoginError).code, 'client_rejected');
  const justNow = refusal('invalid_client');
  assert.equal(rejectedClient(justNow, chosen('registered'), 'x'), justNow, 'a client registered now is not stale');
  const other = refusal('invalid_grant');
  assert.equal(rejectedClient(other, chosen('registration'), 'x'), other);
});

test('the client_rejected hint works as written: the URL quoted when a shell would read it, --flow device kept', () => {
  const hint = (resource: string, device?: boolean) =>
    (rejectedClient(refusal('invalid_client'), chosen('registration'), resource, device) as LoginError).hint ?? '';
  assert.match(hint('http://[::1]:8080/mcp'), /: oauth-login login 'http:\/\/\[::1\]:8080\/mcp' --register$/);
  assert.match(
    hint("https://mcp.example/a?x=1&b='c'"),
    /login 'https:\/\/mcp\.example\/a\?x=1&b='\\''c'\\''' --register$/,
  );
  assert.match(
    hint('https://mcp.example/a', true),
    /: oauth-login login https:\/\/mcp\.example\/a --flow device --register$/,
  );
});

test("a reused client's refusal keeps the HTTP status and the server's own words", async (t) => {
  const net = fakeNetwork({
    [`${AS}/token`]: () =>
      Response.json(
        { error: 'invalid_client', error_description: 'client \u001b[31mexpired\u001b[0m' },
        { status: 401 },
      ),
  });
  t.after(() => net.restore());
  const as = { issuer: AS, token_endpoint: `${AS}/token` };
  const tokens = { access_token: 'at', token_type: 'bearer', refresh_token: 'rt' };
  const refused = await refreshTokens(as, { client_id: 'kept' }, tokens, signal()).catch((err: unknown) => err);
  const err = rejectedClient(refused, chosen('registration'), 'https://mcp.example/a') as LoginError;
  assert.equal(
    err.message,
    'https://as.example refused the client oauth-login registered there earlier (client_id kept) with HTTP 401 (invalid_client): client expired.',
  );
});

test('a refused registration quotes the error and its description, with its HTTP status', async (t) => {
  const net = twoResources(() =>
    Response.json(
      { error: 'invalid_redirect_uri', error_description: 'loopback redirect URIs are not allowed' },
      { status: 400 },
    ),
  );
  t.after(() => net.restore());
  await assert.rejects(resolveUrlProvider('https://mcp.example/a', {}, signal()), {
    code: 'registration_failed',
    message:
      'The client registration at https://as.example/reg was refused with HTTP 400 (invalid_redirect_uri): loopback redirect URIs are not allowed',
  });
});

test('a refused registration without an error_description names its error once', async (t) => {
  const net = twoResources(() => Response.json({ error: 'invalid_redirect_uri' }, { status: 400 }));
  t.after(() => net.restore());
  await assert.rejects(resolveUrlProvider('https://mcp.example/a', {}, signal()), {
    code: 'registration_failed',
    message: 'The client registration at https://as.example/reg was refused with HTTP 400 (invalid_redirect_uri).',
  });
});
