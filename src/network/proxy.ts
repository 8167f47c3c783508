import { BlockList, isIP } from 'node:net';
import { LoginError } from '../errors.js';

/**
 * Which proxy a request takes, from the environment, as curl and Go read it: `https_proxy`/`HTTPS_PROXY` for https
 * URLs, `http_proxy`/`HTTP_PROXY` for http ones (lowercase wins, as in curl), `no_proxy`/`NO_PROXY` for exceptions.
 * Pure: the decision says why, so that doctor can show it.
 */

export interface ProxyVariable {
  /** The variable it came from, e.g. HTTPS_PROXY: errors name it. */
  variable: string;
  /** Without credentials: safe to print (see redact). */
  url: URL;
  /** `Basic …` built from `user:pass@`, sent as Proxy-Authorization and never printed. */
  authorization?: string;
}

export interface ProxyEnv {
  https?: ProxyVariable;
  http?: ProxyVariable;
  noProxy: { variable: string; entries: string[] };
}

export type Route =
  | { kind: 'proxy'; proxy: ProxyVariable }
  | { kind: 'direct'; why: 'loopback' }
  | { kind: 'direct'; why: 'no_proxy'; entry: string; variable: string }
  | { kind: 'direct'; why: 'unset'; variable: string };

const pick = (env: NodeJS.ProcessEnv, name: string): { variable: string; value: string } | undefined => {
  for (const variable of [name.toLowerCase(), name]) {
    const value = env[variable]?.trim();
    if (value) return { variable, value };
  }
  return undefined;
};

/** Reads and checks the variables once, when a command starts: a bad one fails before any browser opens. */
export function readProxyEnv(env: NodeJS.ProcessEnv): ProxyEnv {
  const noProxy = pick(env, 'NO_PROXY');
  return {
    https: proxyVariable(pick(env, 'HTTPS_PROXY')),
    http: proxyVariable(pick(env, 'HTTP_PROXY')),
    noProxy: {
      variable: noProxy?.variable ?? 'NO_PROXY',
      entries: (noProxy?.value ?? '')
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    },
  };
}

function proxyVariable(found: { variable: string; value: string } | undefined): ProxyVariable | undefined {
  if (!found) return undefined;
  // curl and Go take a bare host:port as an http proxy.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) ? found.value : `http://${found.value}`;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  const credentials = url && decoded(url);
  if (!url || !credentials || !['http:', 'https:'].includes(url.protocol) || !url.hostname) {
    // The value is never quoted: it may hold a password.
    throw new LoginError('proxy_invalid', `${found.variable} is not a proxy URL oauth-login can use.`, {
      hint: `Set ${found.variable} to http://[user:password@]host:port (or https://…), or unset it.`,
    });
  }
  const [user, password] = credentials;
  const authorization = user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  url.username = '';
  url.password = '';
  return { variable: found.variable, url, authorization };
}

function decoded(url: URL): [string, string] | undefined {
  try {
    return [decodeURIComponent(url.username), decodeURIComponent(url.password)];
  } catch {
    return undefined;
  }
}

/** A proxy as it may be printed: scheme, host and port; `***@` when it carries credentials. */
export function redact(proxy: ProxyVariable): string {
  return `${proxy.url.protocol}//${proxy.authorization ? '***@' : ''}${proxy.url.host}`;
}

/** Whether any variable asks for a proxy: without one, requests keep Node's own fetch. */
export const anyProxy = (p: ProxyEnv) => p.https !== undefined || p.http !== undefined;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** The route for one URL: loopback never goes through a proxy, then NO_PROXY, then the variable for its scheme. */
export function routeFor(target: URL, proxies: ProxyEnv): Route {
  const host = target.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const family = isIP(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return { kind: 'direct', why: 'loopback' };
  if (family && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6')) return { kind: 'direct', why: 'loopback' };
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const entry = proxies.noProxy.entries.find((e) => noProxyMatches(e, host, port));
  if (entry !== undefined) return { kind: 'direct', why: 'no_proxy', entry, variable: proxies.noProxy.variable };
  const proxy = target.protocol === 'https:' ? proxies.https : proxies.http;
  if (proxy) return { kind: 'proxy', proxy };
  return { kind: 'direct', why: 'unset', variable: target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY' };
}

/** One NO_PROXY entry: `*`, an IP, a CIDR range, a host or domain suffix (leading `.` or `*.` optional), `:port`. */
export function noProxyMatches(entry: string, host: string, port: string): boolean {
  if (entry === '*') return true;
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (cidr) return inSubnet(host, cidr[1] as string, Number(cidr[2]));
  const split = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
  if (!split) return false;
  if (split[2] !== undefined && split[2] !== port) return false;
  const name = (split[1] as string).replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
  if (isIP(name) || isIP(host)) return name === host;
  return host === name || host.endsWith(`.${name}`);
}

function inSubnet(host: string, network: string, prefix: number): boolean {
  const family = isIP(network);
  if (!family || isIP(host) !== family || prefix > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(network, prefix, type);
  return list.check(host, type);
}
