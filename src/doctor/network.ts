import { LoginError } from '../errors.js';
import { providerCaFile } from '../network/ca.js';
import { redact, type Route, routeFor } from '../network/proxy.js';
import type { ResolvedProvider } from '../providers/types.js';
import { configureNetwork, send } from '../transport.js';
import { type Probe, probeUrl } from './server.js';
import { type Check, type DoctorOptions, fail, pass } from './types.js';

const NAME = 'network';

/** How a request to this host goes, and why: the proxy (redacted) and its variable, or what sends it directly. */
function describeRoute(route: Route, url: URL): string {
  switch (route.kind) {
    case 'proxy':
      return `${url.host} through the proxy ${redact(route.proxy)} (${route.proxy.variable})`;
    case 'direct':
      if (route.why === 'loopback') return `${url.host} directly: loopback is never proxied`;
      if (route.why === 'no_proxy') return `${url.host} directly: ${route.variable} entry "${route.entry}" matches`;
      return `${url.host} directly (${route.variable} is not set)`;
  }
}

/**
 * The proxy variables and the CA file as a login would use them, then one request to the provider: a TLS failure
 * says which kind it is and which flag fixes it (network/errors.ts). Its answer's status and Date header are all it
 * reads (the clock check uses the Date): the body is never read.
 */
export async function checkNetwork(
  provider: ResolvedProvider,
  options: DoctorOptions,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<{ check: Check; probe?: Probe }> {
  const url = probeUrl(provider);
  let how: string;
  try {
    const net = configureNetwork(env, providerCaFile(options.caFile, env, provider));
    const ca =
      net.ca && `; the CA file ${net.ca.choice.path} (from ${net.ca.choice.source}) is added to the trusted roots`;
    how = describeRoute(routeFor(url, net.proxies), url) + (ca ?? '');
  } catch (err) {
    const check = err instanceof LoginError ? fail(NAME, err.message, err.hint) : fail(NAME, String(err), undefined);
    return { check };
  }
  const sentAt = Date.now();
  try {
    const response = await send(url, { what: 'the network check', signal, headersOnly: true });
    const probe = { url, date: response.headers.get('date'), sentAt, receivedAt: Date.now() };
    return { check: pass(NAME, `${how}: answers`), probe };
  } catch (err) {
    const e = err instanceof LoginError ? err : undefined;
    return { check: fail(NAME, `${how}: ${e?.message ?? String(err)}`, e?.hint) };
  }
}
