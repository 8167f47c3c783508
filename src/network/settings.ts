import { LoginError } from '../errors.js';
import { terminalSafe } from '../sanitize.js';
import { type CaChoice, defaultRoots, readCaFile } from './ca.js';
import { type ProxyEnv, readProxyEnv } from './proxy.js';

export const REQUEST_TIMEOUT_MS = 30_000;

/** The longest OAUTH_LOGIN_HTTP_TIMEOUT_MS accepted: ten minutes. */
export const MAX_REQUEST_TIMEOUT_MS = 600_000;

/**
 * REQUEST_TIMEOUT_MS, or OAUTH_LOGIN_HTTP_TIMEOUT_MS (tests shorten it). A value that is not a whole number of
 * milliseconds is an error naming the variable: a typo must not silently mean the default.
 */
export function requestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.OAUTH_LOGIN_HTTP_TIMEOUT_MS;
  if (text === undefined || text === '') return REQUEST_TIMEOUT_MS;
  const value = Number(text);
  if (/^\d+$/.test(text) && value >= 1 && value <= MAX_REQUEST_TIMEOUT_MS) return value;
  throw new LoginError(
    'usage',
    `OAUTH_LOGIN_HTTP_TIMEOUT_MS="${terminalSafe(text, 40)}" is not a timeout: it must be a whole number of milliseconds from 1 to ${MAX_REQUEST_TIMEOUT_MS}.`,
    { hint: `Set it to e.g. ${REQUEST_TIMEOUT_MS} (the default), or unset it.` },
  );
}

/** The proxy variables and the private CA (added to Node's roots) that every request of this command uses. */
export interface NetworkSettings {
  proxies: ProxyEnv;
  ca?: { choice: CaChoice; roots: string[] };
}

/**
 * The timeout, the proxy variables and the CA file, each checked (errors name the variable or flag). Apart from the
 * transport (which keeps them for the command's requests) so that the fast path can check them without loading it.
 */
export function readNetworkSettings(env: NodeJS.ProcessEnv, ca: CaChoice | undefined): NetworkSettings {
  requestTimeoutMs(env);
  const proxies = readProxyEnv(env);
  return { proxies, ca: ca && { choice: ca, roots: [...defaultRoots(env), ...readCaFile(ca)] } };
}
