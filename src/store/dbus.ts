import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { busSockets, type Call, firstValue, methodCall, parseMessage, type Reply } from './dbus-wire.js';

/**
 * A tiny asynchronous D-Bus client, to ask the session bus a few questions with a deadline. Why not let the keyring
 * binding ask: libdbus connects synchronously, so a bus socket that accepts and never answers freezes the whole
 * process, timers included, and one that authenticates but ignores Hello freezes it for 25 s.
 */

/** An error reply; `dbusName` is e.g. org.freedesktop.DBus.Error.ServiceUnknown. */
export class DBusError extends Error {
  constructor(
    readonly dbusName: string,
    message: string,
  ) {
    super(message);
  }
}

const noop = () => {};

/** One connection. Any step can wait forever on a bad bus: callers race them against a timer and close(). */
export class BusConnection {
  readonly connected: Promise<void>;
  /** Rejects when the connection fails or ends; every wait races against it. */
  private readonly ended: Promise<never>;
  private readonly socket: Socket;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private buffer = Buffer.alloc(0);
  private serial = 0;
  private onLine: ((line: string) => void) | undefined;

  constructor(socketPath: string) {
    // node:net (and the stream machinery behind it) loads only when a keychain is really used: ≈3 ms off the hot path.
    const { connect } = createRequire(import.meta.url)('node:net') as typeof import('node:net');
    this.socket = connect({ path: socketPath });
    this.connected = once(this.socket, 'connect').then(noop);
    this.ended = new Promise<never>((_, reject) => {
      this.socket.on('error', reject);
      this.socket.on('close', () => reject(new Error('the bus closed the connection')));
    });
    this.connected.catch(noop); // reported to whoever awaits them: never an unhandled rejection
    this.ended.catch(noop);
    this.socket.on('data', (chunk) => this.receive(chunk));
  }

  /** SASL EXTERNAL (the kernel vouches for our uid), then Hello, which must be every client's first call. */
  async authenticate(uid: number): Promise<void> {
    await Promise.race([this.connected, this.ended]);
    const line = new Promise<string>((resolve) => {
      this.onLine = resolve;
    });
    this.socket.write(`\0AUTH EXTERNAL ${Buffer.from(String(uid)).toString('hex')}\r\n`);
    const answer = await Promise.race([line, this.ended]);
    if (!answer.startsWith('OK ')) throw new DBusError('auth', `the bus refused authentication (${answer})`);
    this.onLine = undefined;
    this.socket.write('BEGIN\r\n');
    const bus = 'org.freedesktop.DBus';
    await this.call({ destination: bus, path: '/org/freedesktop/DBus', interface: bus, member: 'Hello' });
  }

  async call(call: Call): Promise<Reply> {
    const serial = ++this.serial;
    const reply = new Promise<Reply>((resolve) => this.waiting.set(serial, resolve));
    this.socket.write(methodCall(serial, call));
    const message = await Promise.race([reply, this.ended]);
    if (message.type === 3) {
      const name = message.errorName ?? 'unknown error';
      throw new DBusError(name, `${name}: ${message.signature.startsWith('s') ? firstValue(message) : ''}`);
    }
    return message;
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (this.onLine) {
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = this.buffer.toString('latin1', 0, end);
      this.buffer = this.buffer.subarray(end + 2);
      this.onLine(line);
      return;
    }
    try {
      for (let parsed = parseMessage(this.buffer); parsed; parsed = parseMessage(this.buffer)) {
        this.buffer = this.buffer.subarray(parsed.size);
        const { replySerial } = parsed.message;
        if (replySerial === undefined) continue; // signals, such as NameAcquired after Hello
        this.waiting.get(replySerial)?.(parsed.message);
        this.waiting.delete(replySerial);
      }
    } catch {
      this.socket.destroy(new Error('the bus sent a malformed message'));
    }
  }
}

export type ProbeFailure = 'keychain_unavailable' | 'keychain_timeout' | 'keychain_locked';
export type SecretServiceProbe = { ok: true } | { ok: false; code: ProbeFailure; reason: string };

const fail = (code: ProbeFailure, reason: string): SecretServiceProbe => ({ ok: false, code, reason });
export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Within `timeoutMs`: the session bus answers the handshake, org.freedesktop.secrets answers, and its default
 * collection exists and is unlocked. ≈2 ms when healthy. Never throws.
 */
export async function probeSecretService(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<SecretServiceProbe> {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  if (!address) return fail('keychain_unavailable', 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)');
  const sockets = busSockets(address);
  if (sockets.length === 0) return fail('keychain_unavailable', `the D-Bus address ${address} names no unix socket`);

  let stage = 'the D-Bus session bus';
  let bus: BusConnection | undefined;
  const check = async (): Promise<SecretServiceProbe> => {
    for (const [i, socket] of sockets.entries()) {
      bus = new BusConnection(socket);
      // Like libdbus: the first address that accepts a connection is the bus.
      const ok = await bus.connected.then(
        () => true,
        (err) => (i === sockets.length - 1 ? Promise.reject(err) : false),
      );
      if (ok) break;
      bus.close();
    }
    const connection = bus as BusConnection;
    await connection.authenticate(process.getuid?.() ?? 0);
    stage = 'the Secret Service (org.freedesktop.secrets)';
    const secrets = { destination: 'org.freedesktop.secrets', path: '/org/freedesktop/secrets' };
    const service = { ...secrets, interface: 'org.freedesktop.Secret.Service', member: 'ReadAlias', args: ['default'] };
    const collection = firstValue(await connection.call(service));
    if (typeof collection !== 'string' || collection === '/') {
      return fail('keychain_unavailable', 'the Secret Service has no default keyring (collection) to store tokens in');
    }
    const property = { interface: 'org.freedesktop.DBus.Properties', member: 'Get' };
    const args = ['org.freedesktop.Secret.Collection', 'Locked'];
    const locked = firstValue(await connection.call({ ...secrets, ...property, path: collection, args }));
    return locked === true ? fail('keychain_locked', `the keyring ${collection} is locked`) : { ok: true };
  };

  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<SecretServiceProbe>((resolve) => {
    const late = () => fail('keychain_timeout', `${stage} did not answer within ${seconds(timeoutMs)}`);
    timer = setTimeout(() => resolve(late()), timeoutMs);
  });
  try {
    return await Promise.race([check(), expired]);
  } catch (err) {
    if (err instanceof DBusError && err.dbusName.endsWith('.ServiceUnknown')) {
      return fail('keychain_unavailable', 'no Secret Service (org.freedesktop.secrets) on the D-Bus session bus');
    }
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return fail('keychain_unavailable', `cannot talk to ${stage} (${why})`);
  } finally {
    clearTimeout(timer);
    bus?.close();
  }
}
