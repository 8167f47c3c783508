import * as oauth from 'oauth4webapi';
import { VERSION } from './version.js';

export const REQUEST_TIMEOUT_MS = 30_000;
export const USER_AGENT = `oauth-login/${VERSION}`;

/**
 * Options for every oauth4webapi call. Plain http is allowed at this level because every URL was checked before
 * (https, or http on loopback only: providers/urls.ts). Each request gets its own timeout and follows Ctrl+C.
 */
export function httpOptions(signal: AbortSignal, timeoutMs = REQUEST_TIMEOUT_MS) {
  return {
    [oauth.allowInsecureRequests]: true,
    signal: () => AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    headers: { 'user-agent': USER_AGENT },
  } as const;
}
