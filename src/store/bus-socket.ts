import { net } from './lazy-builtin.js';
import { closedByPeer, pipeHandleOpener } from './pipe-handle.js';

/**
 * The byte stream under a D-Bus connection: a unix socket, through one of two openers with the same behaviour:
 * libuv's pipe handle (pipe-handle.ts), which spares `token`'s hot path the load of Node's stream machinery, where
 * the runtime offers it, and `netSocket`, node:net, everywhere else.
 */

export interface SocketEvents {
  connected(): void;
  data(chunk: Buffer): void;
  /** The connection failed or closed (err.code is the errno name when there is one). May be called more than once. */
  ended(err: Error): void;
}

export interface BusSocket {
  /** Written in order; what is written before the connection is made waits for it. */
  write(data: Buffer | string): void;
  close(): void;
}

export type OpenSocket = (path: string, events: SocketEvents) => BusSocket;

export const netSocket: OpenSocket = (path, on) => {
  const socket = net().connect({ path });
  socket.once('connect', () => on.connected());
  socket.on('error', (err) => on.ended(err));
  socket.on('close', () => on.ended(closedByPeer()));
  socket.on('data', (chunk) => on.data(chunk));
  return { write: (data) => void socket.write(data), close: () => void socket.destroy() };
};

let chosen: OpenSocket | undefined;

/** The opener this process uses: the pipe handle where the runtime offers it, else node:net. */
export function busSocketOpener(): OpenSocket {
  chosen ??= pipeHandleOpener() ?? netSocket;
  return chosen;
}

/** The pipe-handle opener, or undefined where this runtime does not offer it (tests hold both to one behaviour). */
export const handleSocketOpener = pipeHandleOpener;

/** For tests that run the D-Bus suites through node:net as well. */
export function chooseBusSocketOpener(open: OpenSocket): void {
  chosen = open;
}
