import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { probeSecretService } from '../../src/store/dbus.js';
import { busSockets, firstValue, methodCall, parseMessage } from '../../src/store/dbus-wire.js';
import { tempDir } from '../support/tmp.js';

// What libdbus 1.14 (inside @napi-rs/keyring) sent as its first message, captured from a fake bus.
const LIBDBUS_HELLO =
  '6c01000100000000010000006e00000001016f00150000002f6f72672f667265656465736b746f702f4442757300000006017300140000' +
  '006f72672e667265656465736b746f702e444275730000000002017300140000006f72672e667265656465736b746f702e44427573000000' +
  '00030173000500000048656c6c6f000000';

test('Hello is byte for byte what libdbus sends', () => {
  const bus = 'org.freedesktop.DBus';
  const hello = methodCall(1, { destination: bus, path: '/org/freedesktop/DBus', interface: bus, member: 'Hello' });
  assert.equal(hello.toString('hex'), LIBDBUS_HELLO);
});

test('a message with string arguments parses back: signature, first value, and only once complete', () => {
  const call = {
    destination: 'org.freedesktop.secrets',
    path: '/org/freedesktop/secrets',
    interface: 'x.y',
    member: 'Z',
  };
  const bytes = methodCall(7, { ...call, args: ['default', 'second'] });
  assert.equal(parseMessage(bytes.subarray(0, 10)), undefined);
  assert.equal(parseMessage(bytes.subarray(0, bytes.length - 1)), undefined);
  const parsed = parseMessage(Buffer.concat([bytes, Buffer.from('next')]));
  assert.ok(parsed);
  assert.equal(parsed.size, bytes.length);
  assert.equal(parsed.message.type, 1);
  assert.equal(parsed.message.signature, 'ss');
  assert.equal(firstValue(parsed.message), 'default');
});

for (const [address, sockets] of [
  ['unix:path=/run/user/1000/bus', ['/run/user/1000/bus']],
  ['unix:abstract=/tmp/dbus-AbC,guid=0123', ['\0/tmp/dbus-AbC']],
  ['tcp:host=localhost,port=1;unix:path=/tmp/a%2cb', ['/tmp/a,b']],
  ['unix:path=/a;unix:path=/b', ['/a', '/b']],
  ['tcp:host=localhost,port=1', []],
  ['autolaunch:', []],
] as const) {
  test(`busSockets(${JSON.stringify(address)})`, () => assert.deepEqual(busSockets(address), sockets));
}

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A fake bus on a unix socket; `answer` sees each chunk from the client and may reply. */
async function fakeBus(answer: (chunk: string, socket: Socket) => void, path?: string) {
  const socketPath = path ?? join(tempDir('fake-bus-'), 'bus');
  const connections: Socket[] = [];
  const server = createServer((socket) => {
    connections.push(socket);
    socket.on('data', (chunk) => answer(chunk.toString('latin1'), socket));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { address: `unix:${path ? `abstract=${path.slice(1)}` : `path=${socketPath}`}`, connections };
}

/**
 * For probes that must fail without waiting on their timer: they get this timeout and must end in under half of it.
 * A real failure takes a few ms, so the margin is huge, yet a probe that wrongly waited would take 20 s and fail.
 */
const LONG_TIMEOUT_MS = 20_000;
const AT_ONCE_MS = LONG_TIMEOUT_MS / 2;

async function probe(address: string | undefined, timeoutMs = 300) {
  const started = Date.now();
  const result = await probeSecretService(
    address === undefined ? {} : { DBUS_SESSION_BUS_ADDRESS: address },
    timeoutMs,
  );
  return { result, ms: Date.now() - started };
}

test('no session bus fails at once, naming the missing variable', async () => {
  const { result, ms } = await probe(undefined, LONG_TIMEOUT_MS);
  assert.deepEqual(result, {
    ok: false,
    code: 'keychain_unavailable',
    reason: 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)',
  });
  assert.ok(ms < AT_ONCE_MS, `${ms} ms`);
});

test('a bus address without a unix socket, or a socket that does not exist, fails at once', async () => {
  const tcp = (await probe('tcp:host=localhost,port=1', LONG_TIMEOUT_MS)).result;
  assert.ok(!tcp.ok && /names no unix socket/.test(tcp.reason), JSON.stringify(tcp));
  const { result, ms } = await probe('unix:path=/nonexistent/bus', LONG_TIMEOUT_MS);
  assert.ok(
    !result.ok && result.code === 'keychain_unavailable' && /ENOENT/.test(result.reason),
    JSON.stringify(result),
  );
  assert.ok(ms < AT_ONCE_MS, `${ms} ms`);
});

test('a bus that accepts and never answers times out with a clear reason, and we hang up', async () => {
  const bus = await fakeBus(() => {});
  const { result, ms } = await probe(bus.address);
  assert.deepEqual(result, {
    ok: false,
    code: 'keychain_timeout',
    reason: 'the D-Bus session bus did not answer within 0.3 s',
  });
  // At its 0.3 s timer, not before; the upper bound only tells it from libdbus's 25 s wait or a hang.
  assert.ok(ms >= 300 && ms < 10_000, `${ms} ms`);
  await new Promise((resolve) =>
    bus.connections[0]?.destroyed ? resolve(null) : bus.connections[0]?.once('close', resolve),
  );
});

test('a bus that authenticates but ignores Hello (libdbus would block 25 s) times out too', async () => {
  const bus = await fakeBus((chunk, socket) => {
    if (chunk.includes('AUTH EXTERNAL')) socket.write('OK 0123456789abcdef0123456789abcdef\r\n');
  });
  const { result } = await probe(bus.address);
  assert.equal(result.ok ? '' : result.code, 'keychain_timeout');
});

test('the SASL line is EXTERNAL with our uid as hex of its decimal digits, then BEGIN', async () => {
  let sent = '';
  const bus = await fakeBus((chunk, socket) => {
    if (!sent) socket.write('REJECTED DBUS_COOKIE_SHA1\r\n');
    sent += chunk;
  });
  const { result } = await probe(bus.address);
  const uid = String(process.getuid?.() ?? 0);
  assert.ok(sent.startsWith(`\0AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\nBEGIN\r\n`), JSON.stringify(sent));
  assert.ok(!result.ok && /refused authentication/.test(result.reason), JSON.stringify(result));
});

test('a bus that hangs up is unavailable, not a timeout', async () => {
  const bus = await fakeBus((_, socket) => socket.destroy());
  const { result, ms } = await probe(bus.address, LONG_TIMEOUT_MS);
  assert.ok(
    !result.ok && result.code === 'keychain_unavailable' && /closed/.test(result.reason),
    JSON.stringify(result),
  );
  assert.ok(ms < AT_ONCE_MS, `${ms} ms`);
});

test('abstract sockets work, and a list of addresses is tried in order', async () => {
  const bus = await fakeBus(() => {}, `\0oauth-login-test-${process.pid}`);
  const { result } = await probe(`unix:path=/nonexistent/bus;${bus.address}`);
  assert.equal(result.ok ? '' : result.code, 'keychain_timeout', 'reached the second, silent, abstract socket');
  assert.equal(bus.connections.length, 1);
});
