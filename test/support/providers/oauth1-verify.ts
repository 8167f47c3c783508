// An OAuth 1.0a HMAC-SHA1 verifier written from RFC 5849 alone (§3.4.1 base string, §3.4.2 HMAC-SHA1, §3.5.1
// Authorization header, §3.6 percent-encoding), with node:crypto and nothing of the product's signing code or its
// library: a fake that checks signatures this way fails a client that signs wrongly, instead of agreeing with it.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 5849 §3.6: RFC 3986 unreserved characters stay, every other byte is %XX with upper-case hex. */
export const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** §3.5.1: `OAuth k="v", …`, values percent-decoded; undefined for anything else. `realm` is not a parameter. */
export function parseAuthorization(header: string | null): Record<string, string> | undefined {
  const m = /^OAuth\s+(.*)$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const out: Record<string, string> = {};
  for (const part of m[1].split(',')) {
    const kv = /^\s*([^=\s]+)="([^"]*)"\s*$/.exec(part);
    if (!kv?.[1] || kv[2] === undefined) return undefined;
    if (kv[1] !== 'realm') out[decodeURIComponent(kv[1])] = decodeURIComponent(kv[2]);
  }
  return out;
}

/** §3.4.1: METHOD & base string URI & normalized parameters (query, protocol minus the signature, form body). */
export function baseString(
  method: string,
  url: URL,
  oauth: Record<string, string>,
  form = new URLSearchParams(),
): string {
  const port =
    url.port && !((url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443'));
  const uri = `${url.protocol.toLowerCase()}//${url.hostname.toLowerCase()}${port ? `:${url.port}` : ''}${url.pathname}`;
  const pairs: [string, string][] = [];
  for (const [k, v] of url.searchParams) pairs.push([encode(k), encode(v)]);
  for (const [k, v] of Object.entries(oauth)) if (k !== 'oauth_signature') pairs.push([encode(k), encode(v)]);
  for (const [k, v] of form) pairs.push([encode(k), encode(v)]);
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const normalized = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  return [method.toUpperCase(), encode(uri), encode(normalized)].join('&');
}

/** §3.4.2: HMAC-SHA1 over the base string, keyed by the two secrets, each encoded, joined by "&". */
export function hmacSha1(base: string, consumerSecret: string, tokenSecret = ''): string {
  return createHmac('sha1', `${encode(consumerSecret)}&${encode(tokenSecret)}`)
    .update(base)
    .digest('base64');
}

export function sameSignature(sent: string | undefined, expected: string): boolean {
  const a = Buffer.from(sent ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
