import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { afterEach, test } from 'node:test';
import { acceptCallback } from '../../src/flows/auth-code.js';
import { type Loopback, startLoopback } from '../../src/loopback.js';
import { bindError } from '../../src/loopback-server.js';
import { rawRequest } from '../support/http.js';

const STATE = 'expected-state-value';
let current: Loopback | undefined;
let controller: AbortController;

async function listen(redirect = 'http://localhost:0/callback') {
  controller = new AbortController();
  current = await startLoopback({
    redirectUri: new URL(redirect),
    accept: acceptCallback(STATE),
    signal: controller.signal,
  });
  return { loopback: current, port: Number(new URL(current.redirectUri).port) };
}

afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function stillWaiting(loopback: Loopback): Promise<boolean> {
  const marker = Symbol('pending');
  const winner = await Promise.race([
    loopback.callback.then(
      () => 'settled',
      () => 'settled',
    ),
    new Promise((r) => setTimeout(() => r(marker), 50)),
  ]);
  return winner === marker;
}

const cases: [string, string, { method?: string; host?: string }, number][] = [
  ['wrong path /', '/', {}, 404],
  ['wrong path /favicon.ico', '/favicon.ico', {}, 404],
  ['trailing slash /callback/', `/callback/?code=c&state=${STATE}`, {}, 404],
  ['case /CALLBACK', `/CALLBACK?code=c&state=${STATE}`, {}, 404],
  ['missing state', '/callback?code=c', {}, 400],
  ['wrong state', '/callback?code=c&state=nope', {}, 400],
  ['error= with a wrong state is forged', '/callback?error=access_denied&state=nope', {}, 400],
  [
    'a non-ASCII state as long as the real one',
    `/callback?code=c&state=${encodeURIComponent('é'.repeat(STATE.length))}`,
    {},
    400,
  ],
  ['missing code', `/callback?state=${STATE}`, {}, 400],
  ['duplicate code', `/callback?code=a&code=b&state=${STATE}`, {}, 400],
  ['duplicate state', `/callback?code=a&state=${STATE}&state=${STATE}`, {}, 400],
  ['POST', `/callback?code=a&state=${STATE}`, { method: 'POST' }, 405],
  ['OPTIONS', `/callback?code=a&state=${STATE}`, { method: 'OPTIONS' }, 405],
  ['PUT', `/callback?code=a&state=${STATE}`, { method: 'PUT' }, 405],
  ['Host: evil.example (DNS rebinding)', `/callback?code=a&state=${STATE}`, { host: 'evil.example' }, 403],
  ['Host with the wrong port', `/callback?code=a&state=${STATE}`, { host: 'localhost:1' }, 403],
];

for (const [what, path, options, status] of cases) {
  test(`${what} → ${status}, nothing echoed, and the listener keeps waiting`, async () => {
    const { loopback, port } = await listen();
    const res = await rawRequest(port, path, { ...options, host: options.host ?? `localhost:${port}` });
    assert.equal(res.status, status);
    assert.ok(!res.body.includes('nope') && !res.body.includes('evil'), 'request content is not echoed');
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    if (status === 405) assert.equal(res.headers.allow, 'GET');
    assert.ok(await stillWaiting(loopback));
    // The real callback still completes the login afterwards.
    const real = rawRequest(port, `/callback?code=real&state=${STATE}`, { host: `localhost:${port}` });
    const callback = await loopback.callback;
    assert.equal(callback.params.get('code'), 'real');
    await callback.reply({ status: 200, title: 'Signed in', message: 'ok' });
    assert.equal((await real).status, 200);
  });
}

test('error=access_denied with the right state is accepted (the flow turns it into "cancelled")', async () => {
  const { loopback, port } = await listen();
  void rawRequest(port, `/callback?error=access_denied&state=${STATE}`).catch(() => {});
  assert.equal((await loopback.callback).params.get('error'), 'access_denied');
});

test('localhost listens on 127.0.0.1 and ::1 with one port', async () => {
  const { loopback, port } = await listen();
  const v6 = rawRequest(port, `/callback?code=six&state=${STATE}`, { address: '::1' });
  assert.equal((await loopback.callback).params.get('code'), 'six');
  void v6.catch(() => {});
});

test('a literal 127.0.0.1 redirect listens only there', async () => {
  const { port } = await listen('http://127.0.0.1:0/callback');
  await assert.rejects(rawRequest(port, '/', { address: '::1' }), { code: 'ECONNREFUSED' });
});

test('after close the port is free and the callback promise is settled', async () => {
  const { loopback, port } = await listen('http://127.0.0.1:0/callback');
  await loopback.close();
  current = undefined;
  await assert.rejects(loopback.callback, { code: 'listener_closed' });
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(port, '127.0.0.1', resolve));
  probe.close();
});

test('a port in use is a clear error naming --port', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  await assert.rejects(listen(`http://127.0.0.1:${port}/callback`), (err: Error & { code: string; hint: string }) => {
    assert.equal(err.code, 'port_in_use');
    assert.match(err.message, new RegExp(String(port)));
    assert.equal(
      err.hint,
      'Stop the program using it, or use --port 0 to pick a free port (when the provider accepts any loopback port), or --port N with that redirect URI registered at the provider.' +
        (process.platform === 'darwin' && port === 5000 ? AIRPLAY : ''),
    );
    return true;
  });
  blocker.close();
});

const AIRPLAY = ' On macOS, port 5000 is often the AirPlay Receiver (System Settings → General → AirDrop & Handoff).';

test('the AirPlay note comes only on macOS and only for port 5000', () => {
  const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
  const hint = (port: number, platform: NodeJS.Platform) => bindError(inUse, '127.0.0.1', port, platform).hint ?? '';
  assert.ok(hint(5000, 'darwin').endsWith(AIRPLAY));
  assert.ok(!hint(5001, 'darwin').includes('AirPlay'));
  assert.ok(!hint(5000, 'linux').includes('AirPlay'));
  assert.match(hint(5000, 'linux'), /--port 0 to pick a free port/);
});

test('aborting (Ctrl+C or timeout) rejects the wait with the abort reason', async () => {
  const { loopback } = await listen();
  const reason = new Error('stop');
  controller.abort(reason);
  await assert.rejects(loopback.callback, reason);
});
