import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { LoginError } from './errors.js';
import { makeRoomForNewConnections, refuseOtherUsers } from './loopback-guards.js';

/** Bytes of request line + headers the listener reads (row 8 of test/HOSTILE.md). */
export const MAX_REQUEST_HEAD = 16 * 1024;

/** 127.0.0.1 and ::1 for "localhost" (browsers may resolve either); only the literal address otherwise. */
function bindAddresses(hostname: string): string[] {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' ? ['127.0.0.1', '::1'] : [host];
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, fail) => {
    server.once('error', fail);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** One listening socket of the callback listener, with every guard against what else may connect. */
export function callbackServer(handler: RequestListener, onRejected: (why: string) => void): Server {
  // maxHeaderSize pins Node's 16 KB cap on the request line + headers (NODE_OPTIONS could raise it): a larger
  // "callback" gets Node's own 431 and never reaches the handler. An honest one is far below 1 KB.
  // Node enforces headersTimeout only when it sweeps, every connectionsCheckingInterval (30 s by default): a
  // short sweep ends idle and slow-drip connections within seconds.
  const server = createServer(
    {
      requestTimeout: 10_000,
      headersTimeout: 5_000,
      keepAliveTimeout: 1_000,
      connectionsCheckingInterval: 1_000,
      maxHeaderSize: MAX_REQUEST_HEAD,
    },
    handler,
  );
  refuseOtherUsers(server, (uid) => onRejected(`a connection from another user, uid ${uid}`));
  makeRoomForNewConnections(server);
  // CONNECT never reaches the request handler: without this, Node drops the connection without an answer.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    onRejected('Method not allowed');
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  return server;
}

/** Binds a server per address of `hostname` on `port` (0: a free one, the same on each); resolves the port. */
export async function bindAll(hostname: string, port: number, servers: Server[], make: () => Server): Promise<number> {
  let bound = port;
  for (const host of bindAddresses(hostname)) {
    const server = make();
    try {
      bound = await listen(server, host, bound);
      servers.push(server);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // IPv6 may be disabled: 127.0.0.1 alone still serves "localhost".
      if (host === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') && servers.length > 0) continue;
      throw bindError(err as NodeJS.ErrnoException, host, bound);
    }
  }
  return bound;
}

export function bindError(
  err: NodeJS.ErrnoException,
  host: string,
  port: number,
  platform: NodeJS.Platform = process.platform,
): LoginError {
  if (err.code === 'EADDRINUSE') {
    // The AirPlay Receiver of recent macOS listens on 5000: the one case where the culprit is known.
    const airplay =
      platform === 'darwin' && port === 5000
        ? ' On macOS, port 5000 is often the AirPlay Receiver (System Settings → General → AirDrop & Handoff).'
        : '';
    return new LoginError(
      'port_in_use',
      `Port ${port} on ${host} is already in use, so the login callback cannot be received.`,
      {
        hint:
          'Stop the program using it, or use --port 0 to pick a free port (when the provider accepts any loopback ' +
          `port), or --port N with that redirect URI registered at the provider.${airplay}`,
      },
    );
  }
  if (err.code === 'EACCES') {
    return new LoginError('port_forbidden', `Not allowed to listen on port ${port} on ${host}.`, {
      hint: 'Use a port above 1023 with --port N.',
    });
  }
  return new LoginError('listen_failed', `Cannot listen on ${host}:${port}: ${err.message}`);
}
