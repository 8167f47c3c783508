import type { OpenSocket } from './bus-socket.js';

/**
 * libuv's pipe handle (the one node:net wraps), driven directly: connecting and one round trip cost 0.45 ms this way
 * against 3.5 ms through node:net, which first loads Node's whole stream machinery (about 25 modules). It is reached
 * through process.binding(), which Node documents as deprecated, so it is offered only when the handle has exactly
 * the shape Node 20 to 24 give it and Node would not print a deprecation warning for it (--pending-deprecation).
 */

export const closedByPeer = () => new Error('the bus closed the connection');

interface PipeHandle {
  connect(req: object, path: string): number;
  readStart(): number;
  writeBuffer(req: object, data: Buffer): number;
  close(): void;
  onread?: (buffer?: ArrayBuffer) => void;
}
interface Internals {
  Pipe: new (type: number) => PipeHandle;
  PipeConnectWrap: new () => { oncomplete?: (status: number) => void };
  WriteWrap: new () => { handle?: PipeHandle; buffer?: Buffer; oncomplete?: (status: number) => void };
  socketType: number;
  state: Int32Array;
  nread: number;
  offset: number;
}

function pendingDeprecation(): boolean {
  const { NODE_OPTIONS = '', NODE_PENDING_DEPRECATION } = process.env;
  return (
    NODE_PENDING_DEPRECATION === '1' ||
    NODE_OPTIONS.includes('--pending-deprecation') ||
    process.execArgv.includes('--pending-deprecation')
  );
}

/** libuv's pipe handle and stream state, when present and shaped as Node 20–24 shape them; else undefined. */
function internals(): Internals | undefined {
  const binding = (process as { binding?: (name: string) => Record<string, unknown> }).binding;
  if (typeof binding !== 'function' || pendingDeprecation()) return undefined;
  try {
    const pipe = binding('pipe_wrap');
    const stream = binding('stream_wrap');
    const { Pipe, PipeConnectWrap, constants } = pipe as Record<string, unknown> & { constants?: { SOCKET?: unknown } };
    const { WriteWrap, streamBaseState: state, kReadBytesOrError: nread, kArrayBufferOffset: offset } = stream;
    const methods = ['connect', 'readStart', 'writeBuffer', 'close'];
    const usable =
      [Pipe, PipeConnectWrap, WriteWrap].every((f) => typeof f === 'function') &&
      methods.every((m) => typeof (Pipe as { prototype: Record<string, unknown> }).prototype[m] === 'function') &&
      typeof constants?.SOCKET === 'number' &&
      state instanceof Int32Array &&
      [nread, offset].every((i) => typeof i === 'number' && i >= 0 && i < state.length);
    return usable
      ? ({ Pipe, PipeConnectWrap, WriteWrap, socketType: constants?.SOCKET, state, nread, offset } as Internals)
      : undefined;
  } catch {
    return undefined; // e.g. the permission model refuses process.binding
  }
}

/** An errno-style error for a libuv status (negative errno), named as node:net names it. */
function uvError(status: number): Error {
  const util = process.getBuiltinModule?.('node:util') as typeof import('node:util') | undefined;
  let name = `errno ${status}`;
  try {
    name = util?.getSystemErrorName(status) ?? name;
  } catch {}
  return Object.assign(new Error(name), { code: name });
}

const UV_EOF = -4095;

function openHandle(uv: Internals): OpenSocket {
  return (path, on) => {
    const handle = new uv.Pipe(uv.socketType);
    let open = true;
    const end = (err: Error) => {
      if (open) handle.close();
      open = false;
      on.ended(err);
    };
    const check = (status: number) => {
      if (status < 0) end(status === UV_EOF ? closedByPeer() : uvError(status));
      return status >= 0;
    };
    handle.onread = (buffer) => {
      const n = uv.state[uv.nread] ?? -1;
      if (n > 0 && buffer) on.data(Buffer.from(buffer, uv.state[uv.offset], n));
      else check(n);
    };
    // Held until the connection is made: a write's failure must not hide why the connection failed.
    let queued: Buffer[] | undefined = [];
    const send = (bytes: Buffer) => {
      const write = new uv.WriteWrap();
      Object.assign(write, { handle, buffer: bytes, oncomplete: check });
      check(handle.writeBuffer(write, bytes));
    };
    const req = new uv.PipeConnectWrap();
    req.oncomplete = (status) => {
      if (!open || !check(status) || !check(handle.readStart())) return;
      for (const bytes of queued ?? []) if (open) send(bytes);
      queued = undefined;
      on.connected();
    };
    // A synchronous failure is reported after the caller has its handle, as a failed connect would be.
    const status = handle.connect(req, path);
    if (status < 0) queueMicrotask(() => check(status));
    return {
      write(data) {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
        if (queued) queued.push(bytes);
        else if (open) send(bytes);
      },
      close() {
        if (open) handle.close();
        open = false;
      },
    };
  };
}

/** The pipe-handle opener, or undefined where this runtime does not offer it as described above. */
export function pipeHandleOpener(): OpenSocket | undefined {
  const uv = process.platform === 'win32' ? undefined : internals();
  return uv && openHandle(uv);
}
