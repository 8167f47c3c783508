import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { LoginError } from './errors.js';
import { type Page, sendPage } from './pages.js';
import { isLoopbackHost } from './providers/urls.js';

/** A request that passed every check: the flow answers it once it knows how the login ended. */
export interface Callback {
  params: URLSearchParams;
  reply(page: Page): Promise<void>;
}

export interface LoopbackOptions {
  redirectUri: URL;
  /** Decides whether a request on the callback path is the answer to our request; a Page rejects it and we keep waiting. */
  accept(params: URLSearchParams): Page | undefined;
  signal: AbortSignal;
  /** Told about each rejected request, so a person can see why nothing happened. */
  onRejected?(reason: string): void;
}

export interface Loopback {
  /** The redirect URI with the real port (differs from the asked one with --port 0). */
  redirectUri: string;
  callback: Promise<Callback>;
  close(): Promise<void>;
}

/** Bytes of request line + headers the listener reads (row 8 of test/HOSTILE.md). */
export const MAX_REQUEST_HEAD = 16 * 1024;

const reject = (status: number, title: string, message: string): Page => ({ status, title, message });

export function hasDuplicateParams(params: URLSearchParams): boolean {
  const keys = [...params.keys()];
  return new Set(keys).size !== keys.length;
}

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

/** Starts the one-shot callback listener. Resolves once every address is bound. */
export async function startLoopback(options: LoopbackOptions): Promise<Loopback> {
  const asked = options.redirectUri;
  if (!isLoopbackHost(asked.hostname)) throw new Error('redirect URI must be loopback'); // resolve.ts guarantees this
  const servers: Server[] = [];
  let port = Number(asked.port || 80);
  let settle!: { resolve(cb: Callback): void; reject(err: unknown): void };
  const callback = new Promise<Callback>((resolve, rejectCallback) => {
    settle = { resolve, reject: rejectCallback };
  });
  callback.catch(() => {}); // the caller may close before awaiting
  let accepted = false;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    try {
      handle(req, res);
    } catch {
      // Defence in depth: a throw here is uncaught and would end the process; a stray request must never do that.
      options.onRejected?.('Bad request');
      void sendPage(res, reject(400, 'Bad request', 'The request could not be read.'));
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const outcome = checkRequest(req, asked, port, accepted);
    if (outcome.page) {
      options.onRejected?.(outcome.page.title);
      void sendPage(res, outcome.page, outcome.headers);
      return;
    }
    const params = outcome.params as URLSearchParams;
    const verdict = options.accept(params);
    if (verdict) {
      options.onRejected?.(verdict.title);
      void sendPage(res, verdict);
      return;
    }
    accepted = true;
    settle.resolve({ params, reply: (page) => sendPage(res, page) });
  };

  const close = async () => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((done) => {
            s.close(() => done());
            s.closeAllConnections();
          }),
      ),
    );
  };

  try {
    for (const host of bindAddresses(asked.hostname)) {
      // maxHeaderSize pins Node's 16 KB cap on the request line + headers (NODE_OPTIONS could raise it): a larger
      // "callback" gets Node's own 431 and never reaches the handler. An honest one is far below 1 KB.
      const server = createServer(
        { requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 1_000, maxHeaderSize: MAX_REQUEST_HEAD },
        handler,
      );
      server.maxConnections = 256;
      // CONNECT never reaches the request handler: without this, Node drops the connection without an answer.
      server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
        options.onRejected?.('Method not allowed');
        socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
      try {
        port = await listen(server, host, port);
        servers.push(server);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // IPv6 may be disabled: 127.0.0.1 alone still serves "localhost".
        if (host === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') && servers.length > 0) continue;
        throw bindError(err as NodeJS.ErrnoException, host, port);
      }
    }
  } catch (err) {
    await close();
    throw err;
  }

  const onAbort = () => settle.reject(options.signal.reason);
  if (options.signal.aborted) onAbort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const redirect = new URL(asked.href);
  redirect.port = String(port);
  return {
    redirectUri: redirect.href,
    callback,
    close: async () => {
      options.signal.removeEventListener('abort', onAbort);
      settle.reject(new LoginError('listener_closed', 'The callback listener was closed.'));
      await close();
    },
  };
}

function bindError(err: NodeJS.ErrnoException, host: string, port: number): LoginError {
  if (err.code === 'EADDRINUSE') {
    return new LoginError(
      'port_in_use',
      `Port ${port} on ${host} is already in use, so the login callback cannot be received.`,
      {
        hint:
          'Stop the program using it, or pick another port with --port N (and register that redirect URI with the provider). ' +
          'On macOS, port 5000 is often taken by the AirPlay Receiver.',
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

type RequestOutcome =
  | { page: Page; headers?: Record<string, string>; params?: undefined }
  | { page?: undefined; params: URLSearchParams };

/** Everything a request must pass before its parameters are even looked at. Order matters: cheapest and most hostile first. */
export function checkRequest(req: IncomingMessage, redirect: URL, port: number, accepted: boolean): RequestOutcome {
  if (!hostMatches(req.headers.host, port)) {
    return {
      page: reject(403, 'Forbidden', 'This listener only answers requests addressed to the loopback interface.'),
    };
  }
  if (req.method !== 'GET') {
    return { page: reject(405, 'Method not allowed', 'Only GET is accepted here.'), headers: { Allow: 'GET' } };
  }
  // The raw request-target, not new URL(target, base): that threw on "//" (an uncaught throw in the handler killed
  // the CLI, and any web page can make a browser send it), and it resolved "/./callback" or "//host/callback" to our
  // path. The browser sends exactly the redirect URI's path.
  const target = req.url ?? '';
  const q = target.indexOf('?');
  if ((q === -1 ? target : target.slice(0, q)) !== redirect.pathname)
    return { page: reject(404, 'Not found', 'Nothing here.') };
  if (accepted)
    return { page: reject(409, 'Already signing in', 'A sign-in is already being completed. You can close this tab.') };
  const params = new URLSearchParams(q === -1 ? '' : target.slice(q + 1));
  if (hasDuplicateParams(params)) {
    return { page: reject(400, 'Bad request', 'The sign-in response repeats a parameter, so it was refused.') };
  }
  return { params };
}

/** DNS rebinding defence: a page on another origin that resolves to 127.0.0.1 still sends its own Host header. */
function hostMatches(host: string | undefined, port: number): boolean {
  if (!host) return false;
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return false;
  }
  const hostPort = Number(url.port || 80);
  return isLoopbackHost(url.hostname) && hostPort === port && `${url.host}` === host.toLowerCase();
}
