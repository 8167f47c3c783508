import { LoginError } from './errors.js';
import type { Answer } from './error-mapping.js';
import { type CaChoice, chooseCaFile } from './network/ca.js';
import { networkError, type RequestPath, timeoutError } from './network/errors.js';
import { type Route, routeFor } from './network/proxy.js';
import { type NetworkSettings, readNetworkSettings, requestTimeoutMs } from './network/settings.js';
import { VERSION } from './version.js';

/**
 * The only way to a provider: discovery, JWKS, every authorization-server endpoint, profile APIs, OAuth 1.0a and
 * doctor all send through `send`. It sets the User-Agent, one timeout per request (its error names the limit), never
 * follows a redirect (it would carry a code, a secret or a token to another URL) and reads every answer once, capped
 * at MAX_ANSWER_BYTES. It is also the one seam where tests put a fake network (`useFetch`).
 */

export { requestTimeoutMs } from './network/settings.js';
export const USER_AGENT = `oauth-login/${VERSION}`;
/** The largest answer we read from a provider: a hostile one must not fill the memory. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

type Fetch = (url: string, init: RequestInit) => Promise<Response>;
/** A test's fake network (useFetch); undefined means the real one. */
let network: Fetch | undefined;

/** Replaces the network for in-process tests; returns the function that puts the real one back. */
export function useFetch(replacement: Fetch): () => void {
  const previous = network;
  network = replacement;
  return () => {
    network = previous;
  };
}

let settings: NetworkSettings | undefined;

/**
 * Reads the proxy variables and the CA file when a command starts, so a bad one fails before any browser opens
 * (errors name the variable or flag). A command that never calls it gets the process environment's.
 */
export function configureNetwork(env: NodeJS.ProcessEnv, ca: CaChoice | undefined): NetworkSettings {
  settings = readNetworkSettings(env, ca);
  return settings;
}

const currentSettings = () => settings ?? configureNetwork(process.env, chooseCaFile(undefined, process.env));

/**
 * Node's own fetch unless a proxy or a CA file is in play: only then is undici loaded (its ProxyAgent or Agent with
 * its own fetch), so a plain request, and the hot path, cost what they always did.
 */
async function realFetch(url: string, init: RequestInit, route: Route, net: NetworkSettings, limit: number) {
  if (route.kind !== 'proxy' && !net.ca) return fetch(url, init);
  const undici = await import('./network/undici.js');
  const dispatcher = undici.dispatcherFor(route, net.ca?.roots, net.ca?.choice.path ?? '', limit);
  const answer = await undici.fetchWith(url, { ...(init as Parameters<typeof undici.fetchWith>[1]), dispatcher });
  return answer as unknown as Response;
}

export interface SendOptions {
  method?: string;
  headers?: HeadersInit;
  body?: RequestInit['body'];
  /** What the request is for, in words that fit "during …" and "to …": "the token request". */
  what: string;
  /** Ctrl+C, SIGTERM and --timeout; its reason is what gets reported when it fires. */
  signal: AbortSignal;
  /**
   * Only the status and headers are wanted (a probe): the body is cancelled unread, so a resource that streams
   * (an MCP server's SSE endpoint) cannot hold the request until the timeout. The Response has no body.
   */
  headersOnly?: boolean;
}

/**
 * One request to a provider. The Response it resolves to is already read (capped), so it can be read again; with
 * `headersOnly`, it has no body.
 */
export async function send(url: string | URL, options: SendOptions): Promise<Response> {
  const limit = requestTimeoutMs();
  const headers = new Headers(options.headers);
  headers.set('user-agent', USER_AGENT); // ours, over oauth4webapi's own
  const net = currentSettings();
  const target = new URL(String(url));
  const route = routeFor(target, net.proxies);
  const path: RequestPath = { url: target, what: options.what, route, ca: net.ca?.choice };
  const go = network ?? ((u: string, i: RequestInit) => realFetch(u, i, route, net, limit));
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), limit);
  try {
    const init: RequestInit = {
      method: options.method ?? 'GET',
      headers,
      body: options.body,
      redirect: 'manual',
      signal: AbortSignal.any([options.signal, timeout.signal]),
    };
    const response = await go(String(url), init);
    if (options.headersOnly) return await withoutBody(response);
    return await readCapped(response, options.what);
  } catch (err) {
    if (options.signal.aborted) throw options.signal.reason;
    if (err instanceof LoginError) throw err;
    if (timeout.signal.aborted) throw timeoutError(path, limit, err);
    throw networkError(err, path, limit);
  } finally {
    clearTimeout(timer);
  }
}

/** Status and headers of an answer whose body is cancelled, not read. */
async function withoutBody(response: Response): Promise<Response> {
  await response.body?.cancel().catch(() => undefined); // a body that failed already is no concern of a probe
  const { status, statusText, headers } = response;
  return new Response(null, { status, statusText, headers });
}

/** The answer read once, at most MAX_ANSWER_BYTES, into a Response that oauth4webapi and jose can read as usual. */
async function readCapped(response: Response, what: string): Promise<Response> {
  const tooLarge = () =>
    new LoginError('answer_too_large', `The provider's answer to ${what} is larger than 1 MiB.`, {
      hint: 'Check the endpoint URLs of this provider.',
    });
  if (Number(response.headers.get('content-length')) > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
    size += part.value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader?.cancel();
      throw tooLarge();
    }
    chunks.push(part.value);
  }
  const nullBody = [204, 205, 304].includes(response.status); // a Response with these statuses must have no body
  return new Response(nullBody ? null : Buffer.concat(chunks), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** What an error may quote of an answer `send` returned (error-mapping.ts shows a short, sanitized excerpt of it). */
export async function answerOf(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.clone().text(),
  };
}
