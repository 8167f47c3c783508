import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { LoginError } from './errors.js';
import { checkPastedUrl, checkRequest, type RequestOutcome } from './loopback-checks.js';
import { bindAll, callbackServer } from './loopback-server.js';
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
    const onRejected = (why: string) => options.onRejected?.(why);
    port = await bindAll(asked.hostname, port, servers, () => callbackServer(handler, onRejected));
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
