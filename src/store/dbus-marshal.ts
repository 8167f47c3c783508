/**
 * D-Bus values written and read by signature (D-Bus spec, "Type System"), only the types the Secret Service uses:
 * y b u i s o g v, arrays, structs and dict entries. Written little-endian; read in either byte order. Alignment is
 * relative to the start of the buffer: a message body starts on an 8-byte boundary, so that is what the spec asks.
 */

/** `ay` is a Buffer; a struct or a dict entry is an array of its fields; `a{ss}` is an array of [key, value]. */
export type Value = string | number | boolean | Buffer | Variant | Value[];
export interface Variant {
  signature: string;
  value: Value;
}

const ALIGNMENT: Record<string, number> = { y: 1, g: 1, v: 1, b: 4, u: 4, i: 4, s: 4, o: 4, a: 4, '(': 8, '{': 8 };
const CLOSE: Record<string, string> = { '(': ')', '{': '}' };
/** The spec's nesting limit; it also bounds the recursion a hostile bus could ask of the reader. */
const MAX_DEPTH = 64;

function typeEnd(signature: string, at: number): number {
  const c = signature[at] ?? '';
  if (c === 'a') return typeEnd(signature, at + 1);
  const close = CLOSE[c];
  if (close) {
    let i = at + 1;
    while (signature[i] !== close) {
      if (i >= signature.length) throw new Error(`unbalanced D-Bus signature "${signature}"`);
      i = typeEnd(signature, i);
    }
    return i + 1;
  }
  if (!ALIGNMENT[c]) throw new Error(`unsupported D-Bus signature "${signature}"`);
  return at + 1;
}

/** A signature split into its complete types: "sa{ss}v" → ["s", "a{ss}", "v"]. */
export function completeTypes(signature: string): string[] {
  const types: string[] = [];
  for (let at = 0; at < signature.length; ) {
    const end = typeEnd(signature, at);
    types.push(signature.slice(at, end));
    at = end;
  }
  return types;
}

const fieldTypes = (type: string) => completeTypes(type.slice(1, -1));

export class Writer {
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
    this.align(4).bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
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
    for (const byte of b) this.bytes.push(byte);
    return this;
  }
  /** One value of one complete type. */
  write(type: string, v: Value): this {
    const c = type[0] ?? '';
    if (c === 'y') return this.u8(v as number);
    if (c === 'b') return this.u32(v ? 1 : 0);
    if (c === 'u' || c === 'i') return this.u32(v as number);
    if (c === 's' || c === 'o') return this.string(v as string);
    if (c === 'g') return this.signature(v as string);
    if (c === 'v')
      return this.signature((v as Variant).signature).write((v as Variant).signature, (v as Variant).value);
    if (c === '(' || c === '{') {
      const values = v as Value[];
      this.align(8);
      for (const [i, t] of fieldTypes(type).entries()) this.write(t, values[i] as Value);
      return this;
    }
    // An array: its length in bytes, then padding to its element's alignment (not counted), then the elements.
    const element = type.slice(1);
    const lengthAt = this.u32(0).length - 4;
    const start = this.align(ALIGNMENT[element[0] ?? ''] ?? 1).length;
    if (element === 'y') this.raw(v as Buffer);
    else for (const item of v as Value[]) this.write(element, item);
    const n = this.length - start;
    this.bytes.splice(lengthAt, 4, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
    return this;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

/** Every read is bounds-checked: a truncated or lying message throws instead of reading past its end. */
class Reader {
  private at = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly littleEndian: boolean,
  ) {}
  private need(n: number): void {
    if (n < 0 || this.at + n > this.buf.length) throw new Error('the bus sent a truncated or malformed value');
  }
  private align(n: number): void {
    this.at = Math.ceil(this.at / n) * n;
  }
  private u32(): number {
    this.align(4);
    this.need(4);
    const v = this.littleEndian ? this.buf.readUInt32LE(this.at) : this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  private text(n: number, encoding: 'utf8' | 'latin1'): string {
    this.need(n + 1); // and its NUL
    const s = this.buf.toString(encoding, this.at, this.at + n);
    this.at += n + 1;
    return s;
  }
  read(type: string, depth = 0): Value {
    if (depth > MAX_DEPTH) throw new Error('the bus sent a value nested too deeply');
    const c = type[0] ?? '';
    if (c === 'y') {
      this.need(1);
      return this.buf[this.at++] as number;
    }
    if (c === 'b') return this.u32() !== 0;
    if (c === 'u') return this.u32();
    if (c === 'i') return this.u32() | 0;
    if (c === 's' || c === 'o') return this.text(this.u32(), 'utf8');
    if (c === 'g' || c === 'v') {
      this.need(1);
      const signature = this.text(this.buf[this.at++] as number, 'latin1');
      if (c === 'g') return signature;
      if (completeTypes(signature).length !== 1) throw new Error(`a variant of signature "${signature}"`);
      return { signature, value: this.read(signature, depth + 1) };
    }
    if (c === '(' || c === '{') {
      this.align(8);
      return fieldTypes(type).map((t) => this.read(t, depth + 1));
    }
    const n = this.u32();
    const element = type.slice(1);
    this.align(ALIGNMENT[element[0] ?? ''] ?? 1);
    this.need(n);
    const end = this.at + n;
    if (element === 'y') {
      const bytes = Buffer.from(this.buf.subarray(this.at, end));
      this.at = end;
      return bytes;
    }
    const items: Value[] = [];
    while (this.at < end) items.push(this.read(element, depth + 1));
    if (this.at !== end) throw new Error('an array ran past its length');
    return items;
  }
}

/** The values of a message body, one per complete type of its signature. */
export function unmarshal(signature: string, body: Buffer, littleEndian = true): Value[] {
  const reader = new Reader(body, littleEndian);
  return completeTypes(signature).map((type) => reader.read(type));
}
