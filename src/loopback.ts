import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { LoginError } from './errors.js';
import { checkPastedUrl, checkRequest, type RequestOutcome } from './loopback-checks.js';
import { makeRoomForNewConnections, refuseOtherUsers } from './loopback-guards.js';
import { StartPage } from './loopback-start.js';
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
  /**
   * A redirect URL a person pasted (their browser is on another machine). It passes the same checks as a request,
   * and whichever arrives first wins. Returns why it was refused, or undefined once it is the callback.
   */
  submit(pasted: string): Page | undefined;
  /**
   * The one-time start URL to open a browser at instead of `authorizationUrl` (see loopback-start.ts); from then on a
   * callback request is accepted only from the browser that opened it. Pasted URLs need no cookie: they come from
   * the person's own terminal.
   */
  startPage(authorizationUrl: string): { url: string; cancel(): void };
  close(): Promise<void>;
}

const NOT_THIS_BROWSER: Page = {
  status: 400,
  title: 'Not the browser that started the sign-in',
  message: 'This response did not come from the browser this sign-in was started in, so it was refused.',
};

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

  // The one gate for both sources: a request's verdict is sent as a page, a pasted URL's is returned.
  const admit = (outcome: RequestOutcome, reply: Callback['reply']): Page | undefined => {
    if (outcome.page) return outcome.page;
    const verdict = options.accept(outcome.params);
    if (verdict) return verdict;
    accepted = true;
    settle.resolve({ params: outcome.params, reply });
    return undefined;
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    try {
      handle(req, res);
    } catch {
      // Defence in depth: a throw here is uncaught and would end the process; a stray request must never do that.
      options.onRejected?.('Bad request');
      void sendPage(res, { status: 400, title: 'Bad request', message: 'The request could not be read.' });
    }
  };

  let start: StartPage | undefined;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (start && (req.url ?? '').split('?')[0] === start.path) {
      const atStart = checkRequest(req, new URL(start.url), port, false);
      if (!atStart.page) return start.serve(res);
    }
    const checked = checkRequest(req, asked, port, accepted);
    const outcome = checked.page || !start || start.admits(req) ? checked : { page: NOT_THIS_BROWSER };
    const refusal = admit(outcome, (page) => sendPage(res, page));
    if (refusal) {
      options.onRejected?.(refusal.title);
      void sendPage(res, refusal, outcome.headers);
    }
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
      refuseOtherUsers(server, (uid) => options.onRejected?.(`a connection from another user, uid ${uid}`));
      makeRoomForNewConnections(server);
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
    // Nobody waits on a page for a pasted URL: the browser already showed its own "cannot connect" error.
    submit: (pasted) => admit(checkPastedUrl(pasted, redirect, accepted), async () => {}),
    startPage: (authorizationUrl) => {
      const page = new StartPage(redirect, authorizationUrl, (err) => settle.reject(err));
      start = page;
      return {
        url: page.url,
        cancel: () => {
          if (start === page) start = undefined;
        },
      };
    },
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
