// login <URL> with a stored login the resource refuses for want of scope (RFC 6750 §3.1, 403 insufficient_scope):
// the reuse says so and names the step-up command (login --add-scope).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLogin } from '../../src/commands/login.js';
import type { PersonLogin } from '../../src/logins/types.js';
import { inSeconds, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';
import { AS, challenge, mcpRoutes, RESOURCE } from '../support/providers/mcp-routes.js';
import { fakeNetwork } from '../support/providers/network.js';

function resource(withToken: () => Response) {
  return fakeNetwork({
    ...mcpRoutes(),
    [RESOURCE]: (req) => (req.headers.has('authorization') ? withToken() : challenge()(req)),
  });
}

const stored = (): PersonLogin => ({
  kind: 'person',
  flow: 'auth-code',
  provider: RESOURCE,
  account: 'ada',
  store: 'file',
  client_id: 'dcr-1',
  issuer: AS,
  token_endpoint: `${AS}/token`,
  resource: RESOURCE,
  scope: 'mcp:read',
  updated_at: new Date().toISOString(),
  expires_at: inSeconds(3600),
  profile: { id: 'ada' },
});

const bare = { timeout: 20, browser: false, port: 0 };

test('a stored token the resource refuses with 403 insufficient_scope is reused with the --add-scope command to step up', async (t) => {
  const refusal = 'Bearer error="insufficient_scope", scope="mcp:read mcp:write", error_description="needs write"';
  const net = resource(() => new Response('', { status: 403, headers: { 'www-authenticate': refusal } }));
  t.after(() => net.restore());
  const box = sandbox(t);
  const token = tokens(3600);
  await seed(box.logins, stored(), token);
  const io = recordingIo(box.env);
  await runLogin(RESOURCE, bare, io);
  assert.match(
    io.stderrText(),
    /^https:\/\/mcp\.example\/mcp refuses the stored token with 403 insufficient_scope, asking for "mcp:read mcp:write"\. Step up: oauth-login login https:\/\/mcp\.example\/mcp --add-scope 'mcp:read mcp:write'$/m,
  );
  assert.match(io.stderrText(), /Already signed in to https:\/\/mcp\.example\/mcp/);
  const asked = net.seen.find((r) => r.headers.has('authorization'));
  assert.equal(asked?.headers.get('authorization'), `Bearer ${token.access_token}`, 'only to the resource itself');
  assert.equal(net.seen.filter((r) => r.headers.has('authorization')).length, 1);
});

test('a stored token the resource takes, or refuses otherwise, gets no step-up hint', async (t) => {
  for (const answer of [
    () => Response.json({ ok: true }),
    () => new Response('', { status: 403, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }),
  ]) {
    const net = resource(answer);
    const box = sandbox(t);
    await seed(box.logins, stored(), tokens(3600));
    const io = recordingIo(box.env);
    try {
      await runLogin(RESOURCE, bare, io);
    } finally {
      net.restore();
    }
    assert.doesNotMatch(io.stderrText(), /insufficient_scope|--add-scope/);
    assert.match(io.stderrText(), /Already signed in/);
  }
});
