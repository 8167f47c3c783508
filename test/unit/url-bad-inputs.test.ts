// login <URL> with what a resource or its authorization server gets wrong: each error names the step that failed,
// and nothing is stored (no login, no registration).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runLogin } from '../../src/commands/login.js';
import { resolveUrlProvider } from '../../src/flows/url-provider.js';
import { sandbox } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';
import { AS, asMetadata, challenge, RESOURCE } from '../support/providers/mcp-routes.js';
import { type Handler, fakeNetwork } from '../support/providers/network.js';

const WELL_KNOWN = 'https://mcp.example/.well-known/oauth-protected-resource/mcp';
const signal = () => AbortSignal.timeout(10_000);
const metadata = () => Response.json({ resource: RESOURCE, authorization_servers: [AS] });

function network(routes: Record<string, Handler>) {
  return fakeNetwork({ [RESOURCE]: challenge(), [WELL_KNOWN]: metadata, ...routes });
}

test('a URL that answers without a 401 is "not protected", naming the status, though it publishes metadata', async (t) => {
  for (const status of [200, 204, 302]) {
    const net = network({
      [RESOURCE]: () => new Response(status === 204 ? null : 'ok', { status }),
      [`${AS}/.well-known/oauth-authorization-server`]: asMetadata(),
    });
    const box = sandbox(t);
    try {
      await assert.rejects(runLogin(RESOURCE, { timeout: 20, browser: false, port: 0 }, recordingIo(box.env)), {
        code: 'not_protected',
        message: `${RESOURCE} answered HTTP ${status} to a request without a token, not 401: it does not ask for a token, so there is nothing to log in to from its URL.`,
        hint: /log in by a name: oauth-login login NAME --issuer AUTHORIZATION_SERVER_URL --client-id ID$/,
      });
      assert.deepEqual(
        net.seen.map((r) => r.url.href),
        [RESOURCE],
        'nothing asked after the first answer',
      );
      for (const file of ['index.json', 'registrations.json', 'secrets'])
        assert.equal(existsSync(join(box.logins.dir, file)), false, file);
    } finally {
      net.restore();
    }
  }
});

test('a URL that answers 404 or 500 without a token names the status and the 401 a protected resource gives', async () => {
  for (const status of [404, 500]) {
    const net = network({ [RESOURCE]: () => new Response('nope', { status }) });
    try {
      await assert.rejects(resolveUrlProvider(RESOURCE, {}, signal()), {
        code: 'bad_status',
        message: `${RESOURCE} answered HTTP ${status} to a request without a token, where a protected resource answers 401 with a Bearer challenge.`,
      });
      assert.equal(net.seen.length, 1);
    } finally {
      net.restore();
    }
  }
});

test('an authorization server that publishes neither RFC 8414 nor OpenID metadata: both tried, --authorization-server named', async (t) => {
  const net = network({});
  t.after(() => net.restore());
  await assert.rejects(resolveUrlProvider(RESOURCE, {}, signal()), (err: Error & { hint?: string }) => {
    assert.match(
      err.message,
      /metadata \(RFC 8414\) at https:\/\/as\.example\/ with HTTP 404: "not found"; .*OpenID discovery at https:\/\/as\.example\/ with HTTP 404/,
    );
    assert.match(err.hint ?? '', /pick another with --authorization-server/);
    return true;
  });
  assert.deepEqual(
    net.seen.filter((r) => r.url.host === 'as.example').map((r) => r.url.pathname),
    ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'],
  );
});

test('--authorization-server naming a server the resource does not list is refused, listing the ones it does', async (t) => {
  const net = network({});
  t.after(() => net.restore());
  await assert.rejects(resolveUrlProvider(RESOURCE, { authorizationServer: 'https://evil.example' }, signal()), {
    code: 'usage',
    message: `${RESOURCE} does not name https://evil.example as an authorization server.`,
    hint: 'It names: https://as.example.',
  });
});

test('a refused registration (HTTP 400 with an RFC 7591 error) ends login <URL> quoting it, with nothing stored', async (t) => {
  const net = network({
    [`${AS}/.well-known/oauth-authorization-server`]: asMetadata(),
    [`${AS}/reg`]: () =>
      Response.json({ error: 'invalid_client_metadata', error_description: 'client_name is taken' }, { status: 400 }),
  });
  t.after(() => net.restore());
  const box = sandbox(t);
  await assert.rejects(runLogin(RESOURCE, { timeout: 20, browser: false, port: 0 }, recordingIo(box.env)), {
    code: 'registration_failed',
    message: `The client registration at ${AS}/reg was refused with HTTP 400 (invalid_client_metadata): client_name is taken`,
  });
  for (const file of ['index.json', 'registrations.json', 'secrets'])
    assert.equal(existsSync(join(box.logins.dir, file)), false, file);
  assert.equal(net.to('/auth').length + net.to('/token').length, 0);
});
