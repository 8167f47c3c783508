import { type BusSocket, busSocketOpener, type OpenSocket } from './bus-socket.js';
import { type Call, firstValue, methodCall, parseMessage, type Reply } from './dbus-wire.js';

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
  private readonly socket: BusSocket;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private buffer = Buffer.alloc(0);
  private serial = 0;
  private onLine: ((line: string) => void) | undefined;
  /** Ends the connection's waits with this error; the first call counts. */
  private fail: (err: Error) => void = noop;

  constructor(socketPath: string, open: OpenSocket = busSocketOpener()) {
    let connected = noop;
    let failed: (err: Error) => void = noop;
    this.connected = new Promise<void>((resolve, reject) => {
      connected = resolve;
      failed = reject;
    });
    this.ended = new Promise<never>((_, reject) => {
      this.fail = (err) => {
        failed(err); // no effect once connected
        reject(err);
      };
    });
    this.connected.catch(noop); // reported to whoever awaits them: never an unhandled rejection
    this.ended.catch(noop);
    this.socket = open(socketPath, { connected, data: (chunk) => this.receive(chunk), ended: (err) => this.fail(err) });
  }

  /**
   * SASL EXTERNAL (the kernel vouches for our uid), then Hello, which must be every client's first call. Pipelined as
   * sd-bus does it: AUTH, BEGIN and Hello go out together and the bus reads them in order, so calls made right after
   * share their round trip. Sent at once, even before the socket connects (it queues them): waiting for the connect
   * costs an event-loop turn. `accepted` settles with the bus's answer to AUTH.
   */
  authenticate(uid: number): { accepted: Promise<void>; hello: Promise<Reply> } {
    const line = new Promise<string>((resolve) => {
      this.onLine = resolve;
    });
    this.socket.write(`\0AUTH EXTERNAL ${Buffer.from(String(uid)).toString('hex')}\r\nBEGIN\r\n`);
    const bus = 'org.freedesktop.DBus';
    const hello = this.call({ destination: bus, path: '/org/freedesktop/DBus', interface: bus, member: 'Hello' });
    const accepted = Promise.race([line, this.ended]).then((answer) => {
      if (!answer.startsWith('OK ')) throw new DBusError('auth', `the bus refused authentication (${answer})`);
    });
    // Awaited by the caller, unless its timer or a failure elsewhere stops it first.
    for (const pending of [hello, accepted]) pending.catch(noop);
    return { accepted, hello };
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
    this.socket.close();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const onLine = this.onLine;
    if (onLine) {
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = this.buffer.toString('latin1', 0, end);
      this.buffer = this.buffer.subarray(end + 2);
      this.onLine = undefined; // after OK, the same chunk may already hold Hello's reply
      onLine(line);
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
      this.socket.close();
      this.fail(new Error('the bus sent a malformed message'));
    }
  }
}
