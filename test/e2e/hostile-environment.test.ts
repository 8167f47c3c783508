// The environment turns hostile: a half-taken port, signals mid-login, a skewed clock, secrets in the output
// (test/HOSTILE.md, rows 23, 26, 27, 28), against the built CLI and the scripted provider.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { authorize, leakedSecrets, listenerPort, type Plan, startLogin, visit } from '../support/fake-op.js';
import { hostileSetup } from '../support/hostile.js';

const s = hostileSetup();

function listenOn(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

async function portIsFree(host: string, port: number): Promise<boolean> {
  try {
    const server = await listenOn(host, port);
    await new Promise((r) => server.close(r));
    return true;
  } catch {
    return false;
  }
}

/**
 * A port taken on ::1 and free on 127.0.0.1. Ports are picked per address family, so the 127.0.0.1 half of a random
 * ::1 port can belong to another program on a shared machine (the CLI would then fail on the other half): try again.
 */
async function blockIpv6Only(): Promise<{ blocker: Server; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const blocker = await listenOn('::1', 0);
    const port = (blocker.address() as { port: number }).port;
    if ((await portIsFree('127.0.0.1', port)) || attempt === 9) return { blocker, port };
    await new Promise((r) => blocker.close(r));
  }
}

// Row 23. The IPv4 half taken is test/e2e/login.test.ts ("a port in use is a clear error naming --port").
test('row 23: with ::1 taken on the port, localhost fails naming --port and leaves 127.0.0.1 unbound', async () => {
  const { blocker, port } = await blockIpv6Only();
  const calls = s.hook.calls;
  const { code, stderr } = await runCli(['fake', '--issuer', s.op.issuer, '--client-id', 'x', '--port', String(port)], {
    ...s.hook.env,
    OAUTH_LOGIN_STORE: 'none',
  }).done;
  blocker.close();
  assert.equal(code, 1);
  assert.match(stderr, new RegExp(`Port ${port} on ::1 is already in use`));
  assert.match(stderr, /--port/);
  assert.equal(s.hook.calls, calls, 'no browser opened');
  assert.ok(await portIsFree('127.0.0.1', port), 'the IPv4 half was released, not kept as a fallback');
});

// Row 26. The bare exit codes are test/e2e/login.test.ts ("SIGINT while waiting…", "SIGTERM while waiting…").
for (const [signal, exit] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`row 26: ${signal} while waiting closes both listeners, stores nothing and exits ${exit}`, async () => {
    const login = await startLogin(s.op, s.hook);
    const port = listenerPort(login.url);
    login.run.child.kill(signal);
    const { code, stderr } = await login.run.done;
    assert.equal(code, exit, stderr);
    assert.match(stderr, new RegExp(`Interrupted \\(${signal}\\); nothing was stored`));
    assert.ok((await portIsFree('127.0.0.1', port)) && (await portIsFree('::1', port)), 'port free');
    assert.equal(login.stored(), false);
    assert.equal(s.op.count('token'), 0);
  });

  test(`row 26: ${signal} during a hanging token request answers the browser, stores nothing and exits ${exit}`, async () => {
    const login = await startLogin(s.op, s.hook);
    s.op.reset({ token: { delayMs: Number.POSITIVE_INFINITY } });
    const page = visit(await authorize(login.url));
    while (s.op.count('token') === 0) await new Promise((r) => setTimeout(r, 20));
    login.run.child.kill(signal);
    const { code, stderr } = await login.run.done;
    assert.equal(code, exit, stderr);
    assert.match((await page).body, /Sign-in failed/, 'the browser is told, not left hanging');
    assert.equal(login.stored(), false);
  });
}

// Row 27: the leeway is 300 s (src/flows/id-token.ts CLOCK_LEEWAY_S), on exp, nbf and iat alike.
const skews: [string, Plan, RegExp | undefined][] = [
  ['5 min behind (short-lived ID token)', { clockOffsetS: -300, idTokenTtlS: 120 }, undefined],
  ['5 min ahead, with nbf', { clockOffsetS: 300, nbf: true }, undefined],
  ['5 min ahead, without nbf', { clockOffsetS: 300 }, undefined],
  [
    '10 min behind (short-lived ID token)',
    { clockOffsetS: -600, idTokenTtlS: 120 },
    /The ID token has expired: its "exp" is 48\d s before this computer's time \(allowed difference: 300 s\)/,
  ],
  [
    '10 min ahead, with nbf',
    { clockOffsetS: 600, nbf: true },
    // 600 s less the whole seconds that passed between the two clocks' readings: 599 when one ticked in between.
    /The ID token is not valid yet: its "nbf" is (599|60\d) s after this computer's time \(allowed difference: 300 s\)/,
  ],
  [
    '10 min ahead, without nbf',
    { clockOffsetS: 600 },
    /The ID token was issued (599|60\d) s after this computer's time \(allowed difference: 300 s\)/,
  ],
];
for (const [what, plan, failure] of skews) {
  test(`row 27: a provider clock ${what} ${failure ? 'fails with a clear clock message' : 'still works'}`, async () => {
    s.op.reset(plan);
    const login = await startLogin(s.op, s.hook);
    await visit(await authorize(login.url));
    const { code, stderr } = await login.run.done;
    if (!failure) {
      assert.equal(code, 0, stderr);
      return;
    }
    assert.equal(code, 1);
    assert.match(stderr, failure);
    assert.match(stderr, /Check that this computer's clock is right/);
    assert.equal(login.stored(), false);
  });
}

// Row 28: the leak check in after() covers every run of this file; these prove it would see a printed token.
test('row 28: tokens are printed when asked (--show-tokens, then `token`), and only then', async () => {
  const login = await startLogin(s.op, s.hook, ['--json']);
  await visit(await authorize(login.url));
  const quiet = await login.run.done;
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.deepEqual(leakedSecrets([quiet.stdout, quiet.stderr], s.op.issued), [], 'not printed unless asked');

  const { stdout, code } = await runCli(['token', 'fake'], {
    OAUTH_LOGIN_STORE: 'file',
    XDG_DATA_HOME: login.dataHome,
  }).done;
  assert.equal(code, 0);
  const accessToken = stdout.trim();
  assert.ok(s.op.issued.has(accessToken), '`token` prints the access token the provider issued');
  s.op.issued.delete(accessToken); // printed on purpose: struck off the leak check

  const shown = await startLogin(s.op, s.hook, ['--json', '--show-tokens', '--force']);
  await visit(await authorize(shown.url));
  const out = JSON.parse((await shown.run.done).stdout);
  for (const token of [out.access_token, out.refresh_token, out.id_token]) {
    assert.ok(s.op.issued.has(token), 'the leak check knows this token');
    s.op.issued.delete(token);
  }
});
