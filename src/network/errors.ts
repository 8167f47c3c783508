import { type ErrorCode, LoginError } from '../errors.js';
import { terminalSafe } from '../sanitize.js';
import type { CaChoice } from './ca.js';
import { redact, type Route } from './proxy.js';

/** Where a failed request went: enough to say which proxy, which NO_PROXY entry and which CA file were involved. */
export interface RequestPath {
  url: URL;
  what: string;
  route?: Route;
  ca?: CaChoice;
}

const CA_FIX =
  'If your organisation signs its servers with its own CA (or inspects TLS at a proxy), pass its PEM bundle with --ca-file PATH or OAUTH_LOGIN_CA_FILE (or "ca_file" in the provider\'s config entry).';

// Node's (OpenSSL's) verification codes, grouped by what a person can do about them.
const TLS_FAULTS: Record<string, { code: ErrorCode; why: string; hint: string }> = {
  SELF_SIGNED_CERT_IN_CHAIN: {
    code: 'tls_self_signed',
    why: 'is signed by a self-signed CA this computer does not trust',
    hint: CA_FIX,
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: { code: 'tls_self_signed', why: 'is self-signed', hint: CA_FIX },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { code: 'tls_unknown_issuer', why: 'is signed by an unknown CA', hint: CA_FIX },
  UNABLE_TO_GET_ISSUER_CERT: { code: 'tls_unknown_issuer', why: 'is signed by an unknown CA', hint: CA_FIX },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    code: 'tls_unknown_issuer',
    why: 'is signed by an unknown CA',
    hint: CA_FIX,
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    code: 'tls_hostname_mismatch',
    why: 'is issued for another host name',
    hint: 'Check the provider URL: a CA file cannot fix a certificate made out to another name.',
  },
  CERT_HAS_EXPIRED: {
    code: 'tls_cert_expired',
    why: 'has expired',
    hint: "Check this computer's clock; if it is right, the provider must renew its certificate.",
  },
  CERT_NOT_YET_VALID: {
    code: 'tls_cert_expired',
    why: 'is not valid yet',
    hint: "Check this computer's clock; if it is right, the provider's certificate starts later.",
  },
};

// undici's own connect timeout (set to ours, network/undici.ts): the same message as the transport's timeout.
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);

interface Coded {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The causes of a fetch failure, outermost first (fetch → undici → the socket or TLS error). */
function causes(err: unknown): Coded[] {
  const chain: Coded[] = [];
  for (let e = err as Coded | undefined; e && typeof e === 'object' && chain.length < 6; e = e.cause as Coded)
    chain.push(e);
  return chain;
}

const through = (p: RequestPath) =>
  p.route?.kind === 'proxy' ? ` through the proxy ${redact(p.route.proxy)} (${p.route.proxy.variable})` : '';

/** A failed request as the person can act on it: TLS trust, the proxy's refusal, a name that does not resolve. */
export function networkError(err: unknown, p: RequestPath, limitMs: number): LoginError {
  const chain = causes(err);
  if (chain.some((c) => TIMEOUT_CODES.has(String(c.code)))) return timeoutError(p, limitMs, err);
  const host = terminalSafe(p.url.host);
  const tls = chain.map((c) => TLS_FAULTS[String(c.code)]).find(Boolean);
  const tlsCode = chain.find((c) => TLS_FAULTS[String(c.code)])?.code;
  if (tls) {
    const withCa = p.ca ? ` (even with the CA file ${p.ca.path} from ${p.ca.source})` : '';
    return new LoginError(
      tls.code,
      `The TLS certificate of ${host} ${tls.why}${withCa} (${tlsCode}) during ${p.what}.`,
      {
        hint: tls.hint,
        cause: err,
      },
    );
  }
  const status = chain.map((c) => /Proxy response \((\d+)\)/.exec(String(c.message))?.[1]).find(Boolean);
  if (status && p.route?.kind === 'proxy') return proxyRefused(Number(status), p, err);
  const dns = chain.find((c) => DNS_CODES.has(String(c.code)));
  if (dns) return hostNotFound(p, String(dns.code), err);
  const inner = [...chain].reverse().find((c) => c.message && c.message !== 'fetch failed') ?? chain.at(-1);
  const detail = inner?.message || inner?.code || String(err);
  const where =
    p.route?.kind === 'proxy' ? `the proxy ${redact(p.route.proxy)} (${p.route.proxy.variable})` : p.url.origin;
  // A refused connection on this machine is a provider that is not running, not a network problem.
  const loopback = p.route?.kind === 'direct' && p.route.why === 'loopback';
  const notRunning = loopback && chain.some((c) => c.code === 'ECONNREFUSED');
  return new LoginError(
    'network_error',
    `Could not reach ${terminalSafe(where)} during ${p.what}: ${terminalSafe(detail)}`,
    {
      hint: notRunning
        ? `Nothing listens at ${p.url.origin}: start the provider first (for the demo preset: oauth-login demo-provider).`
        : 'Check your network connection, the provider URL and any proxy settings.',
      cause: err,
    },
  );
}

function proxyRefused(status: number, p: RequestPath, cause: unknown): LoginError {
  const proxy = p.route?.kind === 'proxy' ? p.route.proxy : undefined;
  const name = proxy ? `${redact(proxy)} (${proxy.variable})` : 'proxy';
  const variable = proxy?.variable ?? 'HTTPS_PROXY';
  if (status === 407) {
    return new LoginError(
      'proxy_auth_required',
      `The proxy ${name} answered 407 during ${p.what}: proxy credentials missing or wrong.`,
      { hint: `Put them in ${variable} as http://user:password@host:port (percent-encode special characters).`, cause },
    );
  }
  const why = status >= 500 ? 'could not connect to' : 'refused the tunnel to';
  return new LoginError(
    'proxy_refused',
    `The proxy ${name} ${why} ${terminalSafe(p.url.host)} (HTTP ${status}) during ${p.what}.`,
    {
      hint:
        status >= 500
          ? 'Check the provider URL; the proxy may not resolve or reach that host.'
          : 'Ask the proxy administrators to allow this host, or add it to NO_PROXY if it is reachable directly.',
      cause,
    },
  );
}

function hostNotFound(p: RequestPath, code: string, cause: unknown): LoginError {
  const host = terminalSafe(p.url.hostname);
  const route = p.route;
  const hint =
    route?.kind === 'direct' && route.why === 'no_proxy'
      ? `${route.variable} entry "${terminalSafe(route.entry, 80)}" sends ${host} past the proxy; if only the proxy can reach it, remove that entry.`
      : 'Check the provider URL and your DNS; behind a corporate proxy, set HTTPS_PROXY.';
  return new LoginError('host_not_found', `The name ${host} does not resolve (${code}) during ${p.what}.`, {
    hint,
    cause,
  });
}

/** The transport's own timeout, naming its limit and the proxy the request waited on. */
export function timeoutError(p: RequestPath, limitMs: number, cause: unknown): LoginError {
  return new LoginError(
    'network_timeout',
    `The provider did not answer ${p.what} within ${limitMs / 1000} s${through(p)}.`,
    { hint: 'Check your network connection, the provider URL and any proxy settings, then try again.', cause },
  );
}
