// test/HOSTILE.md row 34: a flood of idle local connections never keeps the real callback out.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { acceptCallback } from '../../src/flows/auth-code.js';
import { MAX_OPEN_CONNECTIONS } from '../../src/loopback-guards.js';
import { startLoopback } from '../../src/loopback.js';
import { rawRequest } from '../support/http.js';

const STATE = 'flood-state';
const FLOOD = 600; // per address: far beyond MAX_OPEN_CONNECTIONS and beyond the 256 that once refused the callback

function idleSocket(port: number, address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, address, () => resolve(socket));
    socket.on('error', () => {}); // the listener may drop it: that is the point
    socket.once('error', reject);
  });
}

test('row 34: with 600 idle connections on 127.0.0.1 and on ::1, the real callback gets through, first try', async (t) => {
  const loopback = await startLoopback({
    redirectUri: new URL('http://localhost:0/callback'),
    accept: acceptCallback(STATE),
    signal: new AbortController().signal,
  });
  t.after(() => loopback.close());
  const port = Number(new URL(loopback.redirectUri).port);
  const flood: Socket[] = [];
  t.after(() => {
    for (const s of flood) s.destroy();
  });
  for (const address of ['127.0.0.1', '::1']) {
    for (let i = 0; i < FLOOD; i++) flood.push(await idleSocket(port, address));
  }
  const open = flood.filter((s) => !s.destroyed && s.readyState === 'open').length;
  for (const address of ['127.0.0.1', '::1']) {
    const answer = rawRequest(port, `/callback?code=c&state=nope`, { address });
    assert.equal((await answer).status, 400, `a request on ${address} is answered under the flood`);
  }
  const real = rawRequest(port, `/callback?code=real&state=${STATE}`, { address: '::1' });
  const callback = await loopback.callback;
  await callback.reply({ status: 200, title: 'Signed in', message: 'ok' });
  assert.equal((await real).status, 200);
  t.diagnostic(`${open} of ${2 * FLOOD} flood connections still open before the callback`);
  assert.ok(MAX_OPEN_CONNECTIONS < FLOOD);
});
