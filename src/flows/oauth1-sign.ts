import { createHmac, randomBytes } from 'node:crypto';
import type OAuthLib from 'oauth-1.0a';

/** The two key pairs of OAuth 1.0a: the app's (consumer) and, once issued, the user's (token; temporary or access). */
export interface Oauth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
}

export interface Oauth1Request {
  method: string;
  url: string;
  /** application/x-www-form-urlencoded body parameters: they are part of the signature (RFC 5849 §3.4.1.3.1). */
  form?: URLSearchParams;
  /** Extra protocol parameters of one step: oauth_callback (request token), oauth_verifier (access token). */
  oauth?: Record<string, string>;
}

/** Fixed values, for the published test vectors only: real requests get a fresh nonce and the current time. */
export interface SignOverrides {
  nonce?: string;
  timestamp?: number;
  /** oauth_version is optional (RFC 5849 §3.1); null leaves it out, as the RFC's own example does. */
  version?: string | null;
}

export interface Signed {
  /** The complete header value: `OAuth oauth_consumer_key="…", …`. */
  authorization: string;
  signature: string;
  baseString: string;
}

let library: Promise<typeof OAuthLib> | undefined;

/** oauth-1.0a is CommonJS and only OAuth 1.0a logins need it: loaded on first use, never on the `token` hot path. */
function loadLibrary(): Promise<typeof OAuthLib> {
  library ??= import('oauth-1.0a').then((m) => m.default);
  return library;
}

const hmacSha1 = (base: string, key: string) => createHmac('sha1', key).update(base).digest('base64');

/**
 * oauthlib (and so many servers) accepts only 20–30 alphanumeric characters: 12 random bytes in hex are 24, and
 * come from the CSPRNG rather than the library's Math.random().
 */
export const newNonce = () => randomBytes(12).toString('hex');

/** Query and body parameters as the signature sees them: decoded as forms are ('+' is a space), repeats kept. */
function requestParameters(url: URL, form: URLSearchParams | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const source of [url.searchParams, form ?? new URLSearchParams()]) {
    for (const [key, value] of source) {
      const seen = out[key];
      out[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
  }
  return out;
}

/**
 * Signs one request with HMAC-SHA1 (RFC 5849 §3.4.2). The protocol parameters are assembled here rather than by the
 * library's authorize(), whose header drops oauth_callback and oauth_verifier; the library does the base string
 * (RFC 3986 percent-encoding, sorting, repeated parameters) and formats the header.
 */
export async function signRequest(
  request: Oauth1Request,
  credentials: Oauth1Credentials,
  overrides: SignOverrides = {},
): Promise<Signed> {
  const OAuth = await loadLibrary();
  const lib = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: hmacSha1,
  });
  const url = new URL(request.url);
  const version = overrides.version === undefined ? '1.0' : overrides.version;
  const protocol: Record<string, string> = {
    ...request.oauth,
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: overrides.nonce ?? newNonce(),
    oauth_signature_method: 'HMAC-SHA1',
    // Whole seconds: a fractional timestamp is refused by servers (RFC 5849 §3.3).
    oauth_timestamp: String(overrides.timestamp ?? Math.floor(Date.now() / 1000)),
  };
  if (version !== null) protocol.oauth_version = version;
  if (credentials.token !== undefined) protocol.oauth_token = credentials.token;
  // The base string URI: lower-case scheme and host, no default port, no query (RFC 5849 §3.4.1.2); URL does that.
  const libRequest = {
    method: request.method.toUpperCase(),
    url: `${url.origin}${url.pathname}`,
    data: requestParameters(url, request.form),
  };
  // The library merges the request parameters into the object it is given: hand it a copy.
  const data = { ...protocol } as unknown as OAuthLib.Data;
  const baseString = lib.getBaseString(libRequest, { ...data });
  const signature = lib.getSignature(libRequest, credentials.tokenSecret, { ...data });
  const header = lib.toHeader({ ...data, oauth_signature: signature });
  return { authorization: header.Authorization, signature, baseString };
}
