import * as oauth from 'oauth4webapi';
import { type Answer, LoginError } from './errors.js';
import { VERSION } from './version.js';

export const REQUEST_TIMEOUT_MS = 30_000;
export const USER_AGENT = `oauth-login/${VERSION}`;
/** The largest answer we read from a token endpoint: a hostile provider must not fill the memory. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** REQUEST_TIMEOUT_MS, or OAUTH_LOGIN_HTTP_TIMEOUT_MS when it is a positive integer (tests shorten it). */
export function requestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.OAUTH_LOGIN_HTTP_TIMEOUT_MS);
  return Number.isSafeInteger(value) && value > 0 ? value : REQUEST_TIMEOUT_MS;
}

/** Like AbortSignal.timeout, but the reason carries the limit, so the error can say how long we waited. */
function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  const reason = Object.assign(new DOMException(`No answer within ${ms} ms`, 'TimeoutError'), { timeoutMs: ms });
  setTimeout(() => controller.abort(reason), ms).unref();
  return controller.signal;
}

/**
 * Options for every oauth4webapi call. Plain http is allowed at this level because every URL was checked before
 * (https, or http on loopback only: providers/urls.ts). Each request gets its own timeout and follows Ctrl+C.
 * oauth4webapi never follows redirects (redirect: 'manual'): they would carry the code, the secret or the token.
 */
export function httpOptions(signal: AbortSignal, timeoutMs = requestTimeoutMs()) {
  return {
    [oauth.allowInsecureRequests]: true,
    signal: () => AbortSignal.any([signal, timeoutSignal(timeoutMs)]),
    headers: { 'user-agent': USER_AGENT },
  } as const;
}

/**
 * Reads a provider's answer once, capped at MAX_ANSWER_BYTES, and returns an identical Response for oauth4webapi plus
 * what an error may quote (errors.ts shows a short, sanitized excerpt of it). Read errors (timeout, Ctrl+C) propagate.
 */
export async function readAnswer(response: Response, what: string): Promise<{ response: Response; answer: Answer }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
    size += part.value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader?.cancel();
      throw new LoginError('answer_too_large', `The provider's answer to ${what} is larger than 1 MiB.`, {
        hint: 'Check the endpoint URLs of this provider.',
      });
    }
    chunks.push(part.value);
  }
  const bytes = Buffer.concat(chunks);
  const nullBody = [204, 205, 304].includes(response.status); // a Response with these statuses must have no body
  const copy = new Response(nullBody ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  const answer = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: bytes.toString('utf8'),
  };
  return { response: copy, answer };
}
