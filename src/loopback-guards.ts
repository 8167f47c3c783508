import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { peerUid } from './peer-uid.js';

/** Open connections per address beyond which the oldest idle one is dropped (row 34 of test/HOSTILE.md). */
export const MAX_OPEN_CONNECTIONS = 64;

/**
 * A flood of idle local connections must not keep the real callback out: instead of refusing a new connection
 * (maxConnections), the oldest one that carries no request in progress is dropped. Memory stays bounded either way.
 */
export function makeRoomForNewConnections(server: Server): void {
  const open = new Set<Duplex>();
  const busy = new WeakSet<Duplex>();
  server.on('connection', (socket: Duplex) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    if (open.size <= MAX_OPEN_CONNECTIONS) return;
    for (const oldest of open) {
      if (oldest !== socket && !busy.has(oldest)) {
        oldest.destroy();
        open.delete(oldest);
        return;
      }
    }
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    busy.add(req.socket);
    res.once('close', () => busy.delete(req.socket));
  });
}

/**
 * Only this user's programs may talk to the listener (Linux, where the kernel says who owns each socket): another
 * local user who read a browser's argv must not fetch the start page or deliver a code (row 35 of test/HOSTILE.md).
 */
export function refuseOtherUsers(server: Server, onRefused: (uid: number) => void): void {
  const self = process.getuid?.();
  if (self === undefined) return;
  server.on('connection', (socket: Socket) => {
    const uid = peerUid(
      { address: socket.remoteAddress, port: socket.remotePort },
      { address: socket.localAddress, port: socket.localPort },
    );
    if (uid === undefined || uid === self) return;
    socket.destroy();
    onRefused(uid);
  });
}
