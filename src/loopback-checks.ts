import type { IncomingMessage } from 'node:http';
import type { Page } from './pages.js';
import { isLoopbackHost } from './providers/urls.js';

// What the callback listener checks before it looks at a response's parameters, for requests and pasted URLs alike.

const reject = (status: number, title: string, message: string): Page => ({ status, title, message });

export function hasDuplicateParams(params: URLSearchParams): boolean {
  const keys = [...params.keys()];
  return new Set(keys).size !== keys.length;
}

export type RequestOutcome =
  | { page: Page; headers?: Record<string, string>; params?: undefined }
  | { page?: undefined; params: URLSearchParams; headers?: undefined };

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
  const path = q === -1 ? target : target.slice(0, q);
  return checkTarget(path, new URLSearchParams(q === -1 ? '' : target.slice(q + 1)), redirect, accepted);
}

/** Path, one answer only, no repeated parameter: shared by requests and pasted URLs. */
function checkTarget(path: string, params: URLSearchParams, redirect: URL, accepted: boolean): RequestOutcome {
  if (path !== redirect.pathname) return { page: reject(404, 'Not found', 'Nothing here.') };
  if (accepted)
    return { page: reject(409, 'Already signing in', 'A sign-in is already being completed. You can close this tab.') };
  if (hasDuplicateParams(params)) {
    return { page: reject(400, 'Bad request', 'The sign-in response repeats a parameter, so it was refused.') };
  }
  return { params };
}

/** A pasted URL must be our redirect URI exactly (scheme, host, port, path) before its parameters are looked at. */
export function checkPastedUrl(text: string, redirect: URL, accepted: boolean): RequestOutcome {
  let url: URL | undefined;
  try {
    url = new URL(text.trim());
  } catch {
    url = undefined;
  }
  if (!url || url.origin !== redirect.origin || url.pathname !== redirect.pathname) {
    const expected = `${redirect.origin}${redirect.pathname}`;
    return { page: reject(400, 'Not the redirect URL', `Paste the whole address, starting with ${expected}?`) };
  }
  return checkTarget(url.pathname, url.searchParams, redirect, accepted);
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
