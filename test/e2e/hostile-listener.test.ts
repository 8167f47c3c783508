// Hostile input at the callback listener, against the built CLI and a scripted provider (test/HOSTILE.md, rows 1–13).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { authorize, listenerPort, startLogin, visit } from '../support/fake-op.js';
import { rawRequest } from '../support/http.js';
import { hostileSetup } from '../support/hostile.js';

const s = hostileSetup();

/** The honest callback split into what a forger needs: port, path and the real state. */
async function honestCallback(url: string) {
  const callback = new URL(await authorize(url));
  return { callback: callback.href, port: Number(callback.port), state: callback.searchParams.get('state') as string };
}

/** Sends the stray requests, checks each got `status` and changed nothing, then finishes the login honestly. */
async function strayThenHonest(requests: (c: { state: string; port: number }) => [string, number][]) {
  const login = await startLogin(s.op, s.hook);
  const honest = await honestCallback(login.url);
  const statuses: number[] = [];
  for (const [path, status] of requests(honest)) {
    statuses.push(status);
    const res = await rawRequest(honest.port, path);
    assert.equal(res.status, status, path);
    assert.ok(!res.body.includes('stolen') && !res.body.includes('forged'), 'nothing of the request is echoed');
  }
  assert.equal(login.run.child.exitCode, null, 'the CLI is still waiting');
  assert.equal(s.op.count('token'), 0, 'no token request was made for a stray callback');
  const page = await visit(honest.callback);
  assert.equal(page.status, 200);
  const { code, stderr } = await login.run.done;
  assert.equal(code, 0, stderr);
  assert.equal(s.op.count('token'), 1);
  // Node itself answers 431 before our handler runs, so only the others are reported on the terminal.
  if (statuses.some((s) => s !== 431)) assert.match(stderr, /Ignored a request to the callback listener/);
}

test('row 1: a callback without a code (right state) gets 400, no token request, and the login still completes', () =>
  strayThenHonest(({ state }) => [
    [`/callback?state=${state}`, 400],
    [`/callback?state=${state}&iss=x`, 400],
  ]));

// Rows 2, 3, 5 and 9 are pinned at the unit level (test/unit/loopback.test.ts); here the same requests hit the real
// CLI, to prove that none of them reaches the token endpoint or ends the login.
test('rows 2, 3, 5, 9: forged, duplicated, wrong-path callbacks never reach the token endpoint', () =>
  strayThenHonest(({ state }) => [
    ['/callback?code=stolen&state=forged', 400],
    ['/callback?code=stolen', 400],
    [`/callback?code=stolen&state=${state.slice(0, -1)}`, 400],
    [`/callback?code=stolen&state=${state}x`, 400],
    [`/callback?code=stolen&code=forged&state=${state}`, 400],
    [`/callback?code=stolen&state=${state}&state=${state}`, 400],
    ['/callback?error=access_denied&state=forged', 400],
    ['/callback?error=access_denied', 400],
    ['/', 404],
    ['/favicon.ico', 404],
    [`/callback/?code=stolen&state=${state}`, 404],
    [`/CALLBACK?code=stolen&state=${state}`, 404],
    // These two once killed the CLI (an uncaught throw in the request handler); any web page can send them.
    ['//', 404],
    [`/callback?code=stolen&state=${encodeURIComponent(`é${state.slice(1)}`)}`, 400],
    [`/./callback?code=stolen&state=${state}`, 404],
  ]));

test('row 8: a query string over 16 KB is refused and the CLI keeps working', () =>
  strayThenHonest(({ state }) => [[`/callback?state=${state}&code=${'x'.repeat(17 * 1024)}`, 431]]));

test('row 4: error=access_denied with the right state shows "cancelled", exits 2, makes no token request', async () => {
  s.op.reset({ callback: ({ state, iss }) => ({ error: 'access_denied', state, iss }) });
  const login = await startLogin(s.op, s.hook);
  const page = await visit(await authorize(login.url));
  assert.match(page.body, /Sign-in cancelled/);
  const { code, stderr } = await login.run.done;
  assert.equal(code, 2, stderr);
  assert.match(stderr, /cancelled or denied/);
  assert.equal(s.op.count('token'), 0);
  assert.equal(login.stored(), false);
});

const HOSTILE_DESCRIPTION =
  '<script>alert(1)</script><img src=x onerror=alert(2)>' +
  '\x1b[31mRED\x1b]8;;http://evil.example\x07link\x1b]8;;\x07\x1b]0;pwned\x07\u009b2J\x07\x00\x7f\u202eevil' +
  '\r\nFAKE ✓ Signed in as Admin\n' +
  'A'.repeat(5000);

test('row 6: a hostile error_description is HTML-escaped on the page and stripped and capped on the terminal', async () => {
  s.op.reset({
    callback: ({ state, iss }) => ({ error: 'invalid_scope', error_description: HOSTILE_DESCRIPTION, state, iss }),
  });
  const login = await startLogin(s.op, s.hook);
  const page = await visit(await authorize(login.url));
  assert.equal(page.status, 400);
  assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'), page.body);
  assert.ok(!page.body.includes('<script') && !page.body.includes('<img'), 'no markup from the provider');
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  const { code, stderr } = await login.run.done;
  assert.equal(code, 1);
  assert.match(stderr, /The provider returned invalid_scope: <script>alert\(1\)<\/script>/);
  // The raw bytes: no ESC, BEL, NUL, DEL, C1 (UTF-8 C2 80–C2 9F) or bidi override; newlines only our own.
  const bytes = Buffer.from(stderr, 'utf8');
  for (const byte of [0x1b, 0x07, 0x00, 0x7f, 0x0d]) assert.ok(!bytes.includes(byte), `byte 0x${byte.toString(16)}`);
  assert.ok(!/\u00c2[\u0080-\u009f]/.test(bytes.toString('latin1')), 'no C1 control');
  assert.ok(!stderr.includes('\u202e'), 'no bidi override');
  assert.ok(!/^FAKE/m.test(stderr), 'a newline in the description cannot start a line of its own');
  assert.ok(!stderr.includes('A'.repeat(201)), 'capped');
  const line = stderr.split('\n').find((l) => l.includes('invalid_scope')) ?? '';
  assert.ok(line.length < 300, `one short line (${line.length} characters)`);
  assert.equal(s.op.count('token'), 0);
});

test('row 7: a wrong iss in the callback is rejected before any token request', async () => {
  s.op.reset({ callback: ({ code, state }) => ({ code, state, iss: 'https://evil.example' }) });
  const login = await startLogin(s.op, s.hook);
  const page = await visit(await authorize(login.url));
  assert.equal(page.status, 400);
  const { code, stderr } = await login.run.done;
  assert.equal(code, 1);
  assert.match(stderr, /sign-in response failed validation: unexpected "iss"/);
  assert.match(stderr, /mix-up/);
  assert.equal(s.op.count('token'), 0);
  assert.equal(login.stored(), false);
});

test('row 7: a missing iss is rejected before any token request when the provider advertises it', async () => {
  s.op.reset({ callback: ({ code, state }) => ({ code, state }) });
  const login = await startLogin(s.op, s.hook);
  await visit(await authorize(login.url));
  const { code, stderr } = await login.run.done;
  assert.equal(code, 1);
  assert.match(stderr, /"iss" \(issuer\) missing/);
  assert.equal(s.op.count('token'), 0);
});

test('row 7: without authorization_response_iss_parameter_supported a missing iss is accepted', async () => {
  s.op.reset({
    discovery: { authorization_response_iss_parameter_supported: undefined },
    callback: ({ code, state }) => ({ code, state }),
  });
  const login = await startLogin(s.op, s.hook);
  await visit(await authorize(login.url));
  const { code, stderr } = await login.run.done;
  assert.equal(code, 0, stderr);
});

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

test('row 12: under 200 idle connections, a slow-drip and a header flood, one token exchange and an exit that closes them all', {
  timeout: 60_000,
}, async (t) => {
  const login = await startLogin(s.op, s.hook);
  const port = listenerPort(login.url);
  const pid = login.run.child.pid as number;
  const baseline = rssKb(pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssKb(pid));
  }, 20);

  const idle = await Promise.all(Array.from({ length: 200 }, () => openSocket(port)));
  const closed = idle.map((s) => new Promise<void>((r) => s.once('close', () => r())));
  for (const s of idle) s.on('error', () => {});
  // A slow-drip client: one byte of a request every 50 ms, never finishing its headers.
  const drip = await openSocket(port);
  drip.on('error', () => {});
  let dripAnswer = '';
  drip.on('data', (chunk) => {
    dripAnswer += chunk;
  });
  const dripText = `GET /callback?code=drip&state=drip HTTP/1.1\r\nHost: localhost:${port}\r\n`;
  let i = 0;
  const dripper = setInterval(() => {
    if (!drip.destroyed && i < dripText.length) drip.write(dripText[i++] as string);
  }, 50);
  // A header flood: endless header lines (Node cuts it at 16 KB with a 431).
  const flood = await openSocket(port);
  flood.on('error', () => {});
  // Whatever happens, nothing of this test may outlive it and keep the test file from ending.
  t.after(() => {
    clearInterval(sampler);
    clearInterval(dripper);
    for (const socket of [...idle, drip, flood]) socket.destroy();
    login.run.child.kill('SIGKILL');
  });
  flood.write(`GET /callback HTTP/1.1\r\nHost: localhost:${port}\r\n`);
  for (let n = 0; n < 200 && !flood.destroyed; n++) flood.write(`X-Flood-${n}: ${'f'.repeat(1000)}\r\n`);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(login.run.child.exitCode, null, 'still waiting under load');

  // The real callback arrives five times at once (a double-clicking person, a replaying proxy).
  const callback = await authorize(login.url);
  const exited = new Promise<number>((r) => login.run.child.once('exit', () => r(Date.now())));
  const answers = await Promise.allSettled(Array.from({ length: 5 }, () => visit(callback)));
  const success = Date.now();
  const statuses = answers.map((a) => (a.status === 'fulfilled' ? a.value.status : 'reset'));
  assert.equal(statuses.filter((s) => s === 200).length, 1, `exactly one success page: ${statuses}`);
  assert.ok(
    statuses.every((s) => s === 200 || s === 409 || s === 'reset'),
    `the others are refused: ${statuses}`,
  );
  // The CLI ends every connection itself when the login ends. Left to the listener's own limits, the slow-drip client
  // (still dripping: it is mid-request when the login ends) would get a 408 for its 5 s header timeout, which Node
  // checks every 30 s, and the exit would wait for that.
  const exitedAt = await Promise.race([exited, new Promise<number>((r) => setTimeout(r, 15_000, Number.NaN).unref())]);
  clearInterval(sampler);
  clearInterval(dripper);
  assert.ok(exitedAt - success < 5000, `exited ${exitedAt - success} ms after the success page (NaN: not within 15 s)`);
  assert.equal(dripAnswer, '', 'the slow-drip connection was closed, not timed out with a 408');
  await Promise.all(closed); // every idle keep-alive connection was closed by the CLI
  const { code, stderr } = await login.run.done;
  assert.equal(code, 0, stderr);
  assert.equal(s.op.count('token'), 1, 'exactly one token exchange');
  assert.equal(s.op.replayedCodes, 0);
  t.diagnostic(`RSS ${baseline >> 10} MB → peak ${peak >> 10} MB; exit ${exitedAt - success} ms after success`);
  assert.ok(peak - baseline < 64 * 1024, `memory bounded: RSS grew ${Math.round((peak - baseline) / 1024)} MB`);
});

test('row 13: the callback replayed after success finds nothing listening; no second exchange', async () => {
  const login = await startLogin(s.op, s.hook);
  const callback = await authorize(login.url);
  assert.equal((await visit(callback)).status, 200);
  assert.equal((await login.run.done).code, 0);
  const port = Number(new URL(callback).port);
  const path = new URL(callback).pathname + new URL(callback).search;
  await assert.rejects(rawRequest(port, path, { address: '127.0.0.1' }), { code: 'ECONNREFUSED' });
  await assert.rejects(rawRequest(port, path, { address: '::1' }), { code: 'ECONNREFUSED' });
  assert.equal(s.op.count('token'), 1);
  assert.equal(s.op.replayedCodes, 0);
});
