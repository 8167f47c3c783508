/**
 * The D-Bus wire format, only as much as probing the Secret Service needs: method calls whose arguments are all
 * strings, and replies whose first value is a string, an object path or a variant holding a boolean.
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

/** Builds little-endian D-Bus data; alignment is relative to the start of the buffer, as the spec requires. */
class Writer {
  private readonly bytes: number[] = [];
  get length(): number {
    return this.bytes.length;
  }
  align(n: number): this {
    while (this.bytes.length % n) this.bytes.push(0);
    return this;
  }
  u8(v: number): this {
    this.bytes.push(v);
    return this;
  }
  u32(v: number): this {
    this.align(4).bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
    return this;
  }
  string(s: string): this {
    const b = Buffer.from(s, 'utf8');
    this.u32(b.length).bytes.push(...b, 0);
    return this;
  }
  signature(s: string): this {
    this.bytes.push(s.length, ...Buffer.from(s, 'ascii'), 0);
    return this;
  }
  raw(b: Buffer | number[]): this {
    this.bytes.push(...b);
    return this;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

export interface Call {
  destination: string;
  path: string;
  interface: string;
  member: string;
  args?: string[];
}

/** A METHOD_CALL message. Header fields in the order libdbus writes them (so tests can compare bytes). */
export function methodCall(serial: number, call: Call): Buffer {
  const args = call.args ?? [];
  const body = new Writer();
  for (const arg of args) body.string(arg);
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
  if (args.length) field(8, 'g', 's'.repeat(args.length));
  const head = new Writer().raw([0x6c, 1, 0, 1]).u32(body.length).u32(serial).u32(fields.length);
  return head.raw(fields.toBuffer()).align(8).raw(body.toBuffer()).toBuffer();
}

export interface Reply {
  type: number; // 2 method return, 3 error, 4 signal
  replySerial?: number;
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

/** Reads the first body value of a reply when it is a string / object path ('s', 'o') or a variant of boolean. */
export function firstValue(reply: Reply): string | boolean | undefined {
  const b = reply.body;
  const u32 = (at: number) => (reply.littleEndian ? b.readUInt32LE(at) : b.readUInt32BE(at));
  if (reply.signature.startsWith('s') || reply.signature.startsWith('o')) return b.toString('utf8', 4, 4 + u32(0));
  if (reply.signature === 'v' && b.toString('latin1', 1, 1 + (b[0] ?? 0)) === 'b')
    return u32(align(2 + (b[0] ?? 0), 4)) !== 0;
  return undefined;
}
