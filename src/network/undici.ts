import { Agent, type Dispatcher, ProxyAgent, fetch as undiciFetch } from 'undici';
import type { Route } from './proxy.js';

/**
 * The network path for proxies and private CAs, loaded only when one is configured (this module pulls in undici).
 * Node 20's global fetch bundles an older undici: a dispatcher from this one is only safe with this one's fetch,
 * so both come from here, together.
 */
export const fetchWith = undiciFetch;

const dispatchers = new Map<string, Dispatcher>();

/** One dispatcher per proxy and trust list for the whole process, so connections are reused across requests. */
export function dispatcherFor(route: Route, ca: string[] | undefined, caKey: string, timeoutMs: number): Dispatcher {
  const proxy = route.kind === 'proxy' ? route.proxy : undefined;
  const key = `${proxy?.url.href ?? 'direct'} ${proxy?.authorization ?? ''} ${caKey} ${timeoutMs}`;
  const known = dispatchers.get(key);
  if (known) return known;
  // undici's connect timeouts (10 s) would otherwise fire before ours, with a message that names no limit.
  const tls = { timeout: timeoutMs, ...(ca ? { ca } : {}) };
  const made = proxy
    ? new ProxyAgent({
        // The URL carries no credentials (proxy.ts took them out): undici's messages can never show them.
        uri: proxy.url.href,
        token: proxy.authorization,
        requestTls: tls,
        proxyTls: tls,
      })
    : new Agent({ connect: tls });
  dispatchers.set(key, made);
  return made;
}
