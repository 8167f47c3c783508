import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  busSocketOpener,
  handleSocketOpener,
  netSocket,
  type OpenSocket,
  type SocketEvents,
} from '../../src/store/bus-socket.js';
import { tempDir } from '../support/tmp.js';

test(`Node ${process.version} on ${process.platform} reads the bus through libuv's pipe handle, not node:net`, () => {
  const handle = handleSocketOpener();
  assert.ok(handle, `the pipe handle's shape changed on Node ${process.version}: bus-socket.ts falls back to node:net`);
  assert.notEqual(busSocketOpener(), netSocket);
});

test('with --pending-deprecation (flag, NODE_OPTIONS or NODE_PENDING_DEPRECATION) it is node:net, and no warning', () => {
  const script = `import('${new URL('../../src/store/bus-socket.ts', import.meta.url).href}').then((m) =>
    process.stdout.write(String(m.busSocketOpener() === m.netSocket && m.handleSocketOpener() === undefined)))`;
  for (const [args, env] of [
    [['--pending-deprecation'], {}],
    [[], { NODE_OPTIONS: '--pending-deprecation' }],
    [[], { NODE_PENDING_DEPRECATION: '1' }],
  ] as const) {
    const r = spawnSync(process.execPath, [...args, '--import', 'tsx', '-e', script], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    assert.equal(r.stdout, 'true', `${JSON.stringify([args, env])}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /DEP0111|process\.binding/);
  }
});

/** Everything one connection reported, in order, until it ended. */
function record(open: OpenSocket, path: string) {
  const seen: string[] = [];
  let ended!: (err: Error) => void;
  const end = new Promise<Error>((resolve) => {
    ended = resolve;
  });
  const events: SocketEvents = {
    connected: () => seen.push('connected'),
    data: (chunk) => seen.push(`data ${chunk.toString('latin1')}`),
    ended: (err) => {
      seen.push(`ended ${(err as NodeJS.ErrnoException).code ?? err.message}`);
      ended(err);
    },
  };
  return { socket: open(path, events), seen, end };
}

const openers = [
  ['the pipe handle', handleSocketOpener() as OpenSocket],
  ['node:net', netSocket],
] as const;

for (const [name, open] of openers) {
  test(`${name}: bytes written before the connection is made arrive, in order, and replies come back`, async () => {
    const path = join(tempDir('bus-socket-'), 'bus');
    // Answers once it has the whole line, however the two writes were split or joined on the way.
    const server = createServer((peer: Socket) => {
      let got = '';
      peer.on('data', (chunk) => {
        got += chunk.toString('latin1');
        if (got.endsWith('\r\n')) peer.write(`got ${JSON.stringify(got)}`);
      });
    });
    server.listen(path);
    await once(server, 'listening');
    const { socket, seen } = record(open, path);
    socket.write('\0AUTH ');
    socket.write(Buffer.from('EXTERNAL\r\n'));
    while (!seen.some((s) => s.startsWith('data'))) await new Promise((r) => setTimeout(r, 5));
    socket.close();
    server.close();
    assert.deepEqual(seen, ['connected', `data got ${JSON.stringify('\0AUTH EXTERNAL\r\n')}`]);
  });

  test(`${name}: a socket that does not exist ends with ENOENT, never connected`, async () => {
    const { seen, end } = record(open, join(tempDir('bus-socket-'), 'missing'));
    const err = (await end) as NodeJS.ErrnoException;
    assert.equal(err.code, 'ENOENT');
    assert.ok(!seen.includes('connected'), seen.join());
  });

  test(`${name}: a peer that hangs up ends the connection, saying so`, async () => {
    const path = join(tempDir('bus-socket-'), 'bus');
    const server = createServer((peer: Socket) => peer.end());
    server.listen(path);
    await once(server, 'listening');
    const { end } = record(open, path);
    assert.equal((await end).message, 'the bus closed the connection');
    server.close();
  });
}
