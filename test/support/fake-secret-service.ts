import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import { completeTypes, type Value, Writer } from '../../src/store/dbus-marshal.js';
import { parseMessage, type Reply } from '../../src/store/dbus-wire.js';
import { tempDir } from './tmp.js';

/**
 * A D-Bus session bus with a scripted Secret Service on it, on a unix socket: it accepts SASL EXTERNAL, answers Hello,
 * and answers every other call by its member, from `answers` (a reply's signature and values, an error name, or
 * nothing at all: a service that hangs). It records every call, so tests can say what was asked, and what was not.
 */
export type Answer = { signature: string; values: Value[] } | { error: string } | 'silent';
export type Answers = Record<string, (call: Reply) => Answer>;

export interface FakeBus {
  address: string;
  calls: Reply[];
}

/** A healthy service: an unlocked default collection, a plain session, and no item unless a test adds one. */
export const HEALTHY: Answers = {
  ReadAlias: () => ({ signature: 'o', values: ['/org/freedesktop/secrets/collection/login'] }),
  Get: () => ({ signature: 'v', values: [{ signature: 'b', value: false }] }),
  OpenSession: () => ({
    signature: 'vo',
    values: [{ signature: 's', value: '' }, '/org/freedesktop/secrets/session/s1'],
  }),
  SearchItems: () => ({ signature: 'aoao', values: [[], []] }),
};

/** A message from the bus, laid out as dbus-daemon lays them out (little-endian, fields in spec order). */
export function busMessage(
  type: 2 | 3,
  serial: number,
  replySerial: number,
  answer: Exclude<Answer, 'silent'>,
): Buffer {
  const { signature, values } = 'signature' in answer ? answer : { signature: '', values: [] };
  const body = new Writer();
  for (const [i, t] of completeTypes(signature).entries()) body.write(t, values[i] as Value);
  const fields = new Writer();
  if ('error' in answer) fields.align(8).u8(4).signature('s').string(answer.error);
  fields.align(8).u8(5).signature('u').u32(replySerial);
  if (signature) fields.align(8).u8(8).signature('g').signature(signature);
  const head = new Writer().raw([0x6c, type, 1, 1]).u32(body.length).u32(serial).u32(fields.length);
  return head.raw(fields.toBuffer()).align(8).raw(body.toBuffer()).toBuffer();
}

const HELLO = () => ({ signature: 's', values: [':1.1'] });
const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

export async function fakeSecretService(answers: Answers): Promise<FakeBus> {
  const path = join(tempDir('fake-secrets-'), 'bus');
  const calls: Reply[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = Buffer.alloc(0);
    let serial = 100;
    let authenticated = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      // SASL: one line at a time until BEGIN; the binary protocol follows in the same stream.
      for (let end = buffer.indexOf('\r\n'); !authenticated && end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.toString('latin1', 0, end);
        buffer = buffer.subarray(end + 2);
        if (line.includes('AUTH EXTERNAL')) socket.write('OK 0123456789abcdef0123456789abcdef\r\n');
        if (line === 'BEGIN') authenticated = true;
      }
      if (!authenticated) return;
      for (let m = parseMessage(buffer); m; m = parseMessage(buffer)) {
        buffer = buffer.subarray(m.size);
        const call = m.message;
        calls.push(call);
        const scripted = call.member === 'Hello' ? HELLO : answers[call.member ?? ''];
        const answer = scripted ? scripted(call) : { error: 'org.freedesktop.DBus.Error.UnknownMethod' };
        if (answer === 'silent') continue;
        socket.write(busMessage('error' in answer ? 3 : 2, ++serial, call.serial, answer));
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { address: `unix:path=${path}`, calls };
}
