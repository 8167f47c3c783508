import { completeTypes, type Value, Writer, unmarshal } from './dbus-marshal.js';

/**
 * The D-Bus wire format, as much as the Secret Service needs: method calls, and the replies, errors and signals that
 * come back (their values are read by dbus-marshal.ts).
 */

/** The unix sockets in DBUS_SESSION_BUS_ADDRESS, in the order libdbus tries them; abstract ones start with NUL. */
export function busSockets(address: string): string[] {
  const sockets: string[] = [];
  for (const entry of address.split(';')) {
    const colon = entry.indexOf(':');
    if (entry.slice(0, colon) !== 'unix') continue; // tcp needs cookie auth; other transports cannot be probed
    const params = new Map(
      entry
        .slice(colon + 1)
        .split(',')
        .map((kv) => kv.split('=', 2) as [string, string]),
    );
    // Values are %-escaped bytes (D-Bus spec, "Server Addresses").
    const decode = (v: string) => {
      try {
        return decodeURIComponent(v);
      } catch {
        return v;
      }
    };
    const path = params.get('path');
    const abstract = params.get('abstract');
    if (path) sockets.push(decode(path));
    else if (abstract) sockets.push(`\0${decode(abstract)}`);
  }
  return sockets;
}

export interface Call {
  destination: string;
  path: string;
  interface: string;
  member: string;
  /** The arguments' signature; without it, every argument is a string. */
  signature?: string;
  args?: Value[];
}

/** A METHOD_CALL message. Header fields in the order libdbus writes them (so tests can compare bytes). */
export function methodCall(serial: number, call: Call): Buffer {
  const args = call.args ?? [];
  const signature = call.signature ?? 's'.repeat(args.length);
  const types = completeTypes(signature);
  if (types.length !== args.length) throw new Error(`${call.member}: ${args.length} arguments for "${signature}"`);
  const body = new Writer();
  for (const [i, type] of types.entries()) body.write(type, args[i] as Value);
  const fields = new Writer();
  const field = (code: number, type: string, value: string) => {
    fields.align(8).u8(code).signature(type);
    if (type === 'g') fields.signature(value);
    else fields.string(value);
  };
  field(1, 'o', call.path);
  field(6, 's', call.destination);
  field(2, 's', call.interface);
  field(3, 's', call.member);
  if (signature) field(8, 'g', signature);
  const head = new Writer().raw([0x6c, 1, 0, 1]).u32(body.length).u32(serial).u32(fields.length);
  return head.raw(fields.toBuffer()).align(8).raw(body.toBuffer()).toBuffer();
}

/** Any message; calls come back only to the fake buses of the tests, which read their path and member. */
export interface Reply {
  type: number; // 1 method call, 2 method return, 3 error, 4 signal
  serial: number;
  replySerial?: number;
  path?: string;
  member?: string;
  errorName?: string;
  signature: string;
  body: Buffer;
  littleEndian: boolean;
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** Splits one complete message off `buf`; undefined until enough bytes have arrived. */
export function parseMessage(buf: Buffer): { message: Reply; size: number } | undefined {
  if (buf.length < 16) return undefined;
  const le = buf[0] === 0x6c;
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const fieldsEnd = 16 + u32(12);
  const size = align(fieldsEnd, 8) + u32(4);
  if (buf.length < size) return undefined;
  const message: Reply = {
    type: buf[1] ?? 0,
    serial: u32(8),
    signature: '',
    body: buf.subarray(align(fieldsEnd, 8), size),
    littleEndian: le,
  };
  let at = 16;
  while (at < fieldsEnd) {
    at = align(at, 8);
    const code = buf[at] ?? 0;
    const type = buf.toString('latin1', at + 2, at + 2 + (buf[at + 1] ?? 0));
    at += 3 + type.length;
    if (type === 'u') {
      at = align(at, 4);
      if (code === 5) message.replySerial = u32(at);
      at += 4;
    } else if (type === 's' || type === 'o') {
      at = align(at, 4);
      const value = buf.toString('utf8', at + 4, at + 4 + u32(at));
      if (code === 1) message.path = value;
      if (code === 3) message.member = value;
      if (code === 4) message.errorName = value;
      at += 5 + u32(at);
    } else if (type === 'g') {
      const value = buf.toString('latin1', at + 1, at + 1 + (buf[at] ?? 0));
      if (code === 8) message.signature = value;
      at += 2 + value.length;
    } else {
      break; // a header field type the spec does not define: nothing we need follows
    }
  }
  return { message, size };
}

/** Every body value of a reply. Throws on a malformed body. */
export function replyValues(reply: Reply): Value[] {
  return unmarshal(reply.signature, reply.body, reply.littleEndian);
}

/** The first body value of a reply when it is a string or an object path, or a boolean (in a variant or not). */
export function firstValue(reply: Reply): string | boolean | undefined {
  let [value] = replyValues(reply);
  if (typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value)) value = value.value;
  return typeof value === 'string' || typeof value === 'boolean' ? value : undefined;
}
