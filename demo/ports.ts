import { createServer } from 'node:net';

/** Whether `port` can be listened on at `host` now (a moment later it may not be: this only chooses a default). */
function freeOn(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      // No IPv6 here: 127.0.0.1 alone serves "localhost", as the CLI's listener does.
      resolve(host === '::1' && (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT')),
    );
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The CLI's default redirect URI is http://localhost:5000/callback: both loopback addresses must be free. */
export async function callbackPortFree(port = 5000): Promise<boolean> {
  return (await freeOn('127.0.0.1', port)) && (await freeOn('::1', port));
}

/** Whether the person chose where the callback listens: then the demo leaves it alone. */
export const choosesCallback = (args: string[]) =>
  args.some(
    (a) => a === '--port' || a.startsWith('--port=') || a === '--redirect-uri' || a.startsWith('--redirect-uri='),
  );
