// The callback listener under hostile requests the other unit file does not cover (test/HOSTILE.md rows 1, 8, 23).
import assert from 'node:assert/strict';
import { connect, createServer, type Server } from 'node:net';
import { afterEach, test } from 'node:test';
import { acceptCallback } from '../../src/flows/auth-code.js';
import { type Loopback, startLoopback } from '../../src/loopback.js';
import { MAX_REQUEST_HEAD } from '../../src/loopback-server.js';
import { rawRequest } from '../support/http.js';

const STATE = 'expected-state-value';
let current: Loopback | undefined;

async function listen(redirect = 'http://localhost:0/callback') {
  current = await startLoopback({
    redirectUri: new URL(redirect),
    accept: acceptCallback(STATE),
    signal: new AbortController().signal,
  });
  return { loopback: current, port: Number(new URL(current.redirectUri).port) };
}

afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function stillWaiting(loopback: Loopback): Promise<boolean> {
  const pending = Symbol('pending');
  const settled = () => 'settled';
  const winner = await Promise.race([
    loopback.callback.then(settled, settled),
    new Promise((r) => setTimeout(() => r(pending), 50)),
  ]);
  return winner === pending;
}

async function completes(loopback: Loopback, port: number): Promise<void> {
  const real = rawRequest(port, `/callback?code=real&state=${STATE}`);
  const callback = await loopback.callback;
  assert.equal(callback.params.get('code'), 'real');
  await callback.reply({ status: 200, title: 'Signed in', message: 'ok' });
  assert.equal((await real).status, 200);
}

/** Writes raw bytes and returns the status line Node answered with, or 'reset' when it cut the connection first. */
function rawExchange(port: number, head: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (c) => {
      answer += c;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer.split('\r\n')[0] || 'reset'));
    socket.write(head);
  });
}

test('row 1: an empty code= with the right state is refused like a missing one (400) and the listener keeps waiting', async () => {
  const { loopback, port } = await listen();
  for (const path of [`/callback?code=&state=${STATE}`, `/callback?state=${STATE}&error=`]) {
    assert.equal((await rawRequest(port, path)).status, 400, path);
  }
  assert.ok(await stillWaiting(loopback));
  await completes(loopback, port);
});

test('stray requests that once killed the process get a 4xx, and the listener keeps waiting', async () => {
  const { loopback, port } = await listen();
  const sameLength = encodeURIComponent(`é${STATE.slice(1)}`); // as many UTF-16 units as the state, one more byte
  for (const [path, status] of [
    ['//', 404],
    ['//?x', 404],
    [`//evil.example/callback?code=c&state=${STATE}`, 404],
    [`/./callback?code=c&state=${STATE}`, 404],
    [`/callback?code=c&state=${sameLength}`, 400],
  ] as const) {
    assert.equal((await rawRequest(port, path)).status, status, path);
  }
  assert.ok(await stillWaiting(loopback));
  await completes(loopback, port);
});

test('row 8: a request head over 16 KB gets 431 and the listener keeps working', async () => {
  const { loopback, port } = await listen();
  assert.equal(MAX_REQUEST_HEAD, 16 * 1024);
  const long = `/callback?state=${STATE}&code=${'x'.repeat(MAX_REQUEST_HEAD)}`;
  assert.equal((await rawRequest(port, long)).status, 431);
  // A megabyte of query: Node cuts the connection (431 or reset), nothing is buffered beyond the cap.
  const huge = await rawExchange(port, `GET /callback?state=${STATE}&code=${'y'.repeat(1 << 20)} HTTP/1.1\r\n\r\n`);
  assert.match(huge, /^(HTTP\/1\.1 431|reset)/);
  // Endless header lines are cut the same way.
  const flood = await rawExchange(
    port,
    `GET /callback HTTP/1.1\r\n${`X-Flood: ${'f'.repeat(100)}\r\n`.repeat(400)}\r\n`,
  );
  assert.match(flood, /^(HTTP\/1\.1 431|reset)/);
  assert.ok(await stillWaiting(loopback));
  await completes(loopback, port);
});

test('row 8: just under the cap, a long but honest-looking callback still works', async () => {
  const { loopback, port } = await listen();
  const real = rawRequest(port, `/callback?code=${'c'.repeat(8 * 1024)}&state=${STATE}`);
  const callback = await loopback.callback;
  assert.equal(callback.params.get('code')?.length, 8 * 1024);
  await callback.reply({ status: 200, title: 'Signed in', message: 'ok' });
  assert.equal((await real).status, 200);
});

function occupy(host: string, port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

async function isFree(host: string, port: number): Promise<boolean> {
  try {
    const probe = await occupy(host, port);
    await new Promise((r) => probe.close(r));
    return true;
  } catch {
    return false;
  }
}

for (const [taken, other] of [
  ['127.0.0.1', '::1'],
  ['::1', '127.0.0.1'],
] as const) {
  test(`row 23: with ${taken} taken, localhost fails naming --port and never keeps ${other} bound`, async () => {
    const blocker = await occupy(taken);
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(
        listen(`http://localhost:${port}/callback`),
        (err: Error & { code: string; hint: string }) => {
          assert.equal(err.code, 'port_in_use');
          assert.match(err.message, new RegExp(`Port ${port} on ${taken.replace(/\./g, '\\.')}`));
          assert.match(err.hint, /--port N/);
          return true;
        },
      );
      assert.ok(await isFree(other, port), `${other}:${port} is free again`);
    } finally {
      blocker.close();
    }
  });
}
