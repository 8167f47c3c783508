import { LoginError } from '../errors.js';
import { assertEndpointUrl } from './urls.js';

// Cloud metadata services answer on these without any credential and hand out the machine's own credentials.
const METADATA_NAMES = new Set(['metadata.google.internal']);
const METADATA_IPV6 = new Set(['fd00:ec2::254']);

// IPv6 spellings that reach an IPv4 address: mapped (::ffff:), the deprecated compatible form (::), SIIT's
// translated form (::ffff:0:) and NAT64's well-known prefix (64:ff9b::, RFC 6052), each ending in two hex groups.
const EMBEDS_IPV4 = /^(?:::ffff:|::|::ffff:0:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/** The four bytes of an IPv4 literal, or of an IPv6 one that embeds it (::ffff:a9fe:a9fe is 169.254.169.254). */
function ipv4Of(host: string): number[] | undefined {
  const dotted = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (dotted) return dotted.slice(1).map(Number);
  const embedded = EMBEDS_IPV4.exec(host);
  if (!embedded) return undefined;
  const [high, low] = [Number.parseInt(embedded[1] as string, 16), Number.parseInt(embedded[2] as string, 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

/** Why a host must not be asked anything a resource's or a server's metadata names, or undefined when it may. */
export function forbiddenHost(hostname: string): string | undefined {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '') // "name." and "name.." both resolve as "name"
    .toLowerCase();
  if (METADATA_NAMES.has(host) || METADATA_IPV6.has(host)) return 'a cloud metadata service';
  const v4 = ipv4Of(host);
  if (v4?.join('.') === '100.100.100.200') return 'a cloud metadata service (Alibaba Cloud, 100.100.100.200)';
  if (v4?.[0] === 169 && v4[1] === 254)
    return v4[2] === 169 && v4[3] === 254
      ? 'a cloud metadata service (169.254.169.254)'
      : 'a link-local address (169.254.0.0/16)';
  const first = host.includes(':') ? Number.parseInt(host.split(':')[0] || '0', 16) : Number.NaN;
  if ((first & 0xffc0) === 0xfe80) return 'a link-local address (fe80::/10)';
  return undefined;
}

/**
 * A URL that a protected resource's or an authorization server's metadata gives us (SSRF guard): https, or http on
 * loopback (assertEndpointUrl), and never a link-local or cloud metadata address, which a hostile resource could
 * otherwise make us (or the browser) ask with what a login sends. Names and IP literals are checked: no DNS lookup.
 */
export function assertMetadataUrl(value: string, what: string, hint = METADATA_HINT): URL {
  const url = assertEndpointUrl(value, what);
  const why = forbiddenHost(url.hostname);
  if (why === undefined) return url;
  throw new LoginError('unsafe_url', `${what} is ${url.href}, which points at ${why}: it was not requested.`, {
    hint,
  });
}

const METADATA_HINT =
  'Nothing was sent there. The resource or its authorization server is misconfigured or hostile; log in to it only if its operator fixes the metadata.';

/** Every URL of an authorization server's metadata that a login (or its logout, whoami, refresh) may ask. */
const ENDPOINT_KEYS = [
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'device_authorization_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
] as const;

/** Each endpoint an authorization server's metadata (or a provider's settings) names, through assertMetadataUrl. */
export function assertEndpoints(
  as: Partial<Record<(typeof ENDPOINT_KEYS)[number], unknown>>,
  what: (key: string) => string,
  hint?: string,
): void {
  for (const key of ENDPOINT_KEYS) {
    const value = as[key];
    if (value !== undefined) assertMetadataUrl(String(value), what(key), hint);
  }
}
