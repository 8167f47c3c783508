import * as oauth from 'oauth4webapi';
import { LoginError } from './errors.js';
import type { TokenAuth } from './kinds.js';
import { loadClientKey, privateKeyJwt } from './private-key.js';
import { send } from './transport.js';

/**
 * How far apart this computer's clock and the provider's may be (seconds): exp, nbf and iat are checked with this
 * leeway, by oauth4webapi (set on the Client below) and by our own ID token checks. Five minutes, as Kerberos and
 * most OpenID libraries allow: an ID token is used the second it arrives, so the leeway widens no replay window.
 */
export const CLOCK_LEEWAY_S = 300;

/** Who we are to a token endpoint: all that a refresh, a re-mint or a revocation needs of the client. */
export interface ClientRef {
  client_id: string;
  client_secret?: string;
  token_auth?: TokenAuth;
  /** private_key_jwt: the client signs an assertion with the key in this file (the path is stored, never the key). */
  private_key_file?: string;
}

/** Where a login's tokens are renewed and revoked: kept with each stored login, so that needs no discovery. */
export interface ServerSummary {
  /** The OpenID issuer; absent for plain OAuth 2.0 and OAuth 1.0a. */
  issuer?: string;
  /** For OAuth 1.0a, the access-token URL (shown only: OAuth 1.0a tokens are never renewed). */
  token_endpoint: string;
  revocation_endpoint?: string;
  userinfo_endpoint?: string;
  /** Where the issuer publishes its keys: a refreshed ID token is verified against them. */
  jwks_uri?: string;
  /** The RFC 8707 resource the tokens are bound to: a refresh asks for it again. */
  resource?: string;
}

/** The authorization server as a stored login remembers it. */
export function serverOf(s: ServerSummary): oauth.AuthorizationServer {
  return {
    issuer: s.issuer ?? new URL(s.token_endpoint).origin,
    token_endpoint: s.token_endpoint,
    revocation_endpoint: s.revocation_endpoint,
    userinfo_endpoint: s.userinfo_endpoint,
    jwks_uri: s.jwks_uri,
  };
}

/** Our client as oauth4webapi sees it, with the documented clock leeway for ID token exp/iat/nbf checks. */
export function oauthClient(clientId: string): oauth.Client {
  return { client_id: clientId, [oauth.clockTolerance]: CLOCK_LEEWAY_S };
}

/** A client with a key signs its assertion; public clients (no secret) authenticate with PKCE alone. */
export function clientAuth(c: Pick<ClientRef, 'client_secret' | 'token_auth' | 'private_key_file'>): oauth.ClientAuth {
  if (c.private_key_file) {
    if (c.client_secret) throw bothCredentials('A client secret and a private key file');
    return privateKeyJwt(c.private_key_file);
  }
  if (!c.client_secret || c.token_auth === 'none') return oauth.None();
  return c.token_auth === 'client_secret_post' ? oauth.ClientSecretPost(c.client_secret) : basic(c.client_secret);
}

/** At login, before any browser opens or request is made: the key file reads, and is the client's only credential. */
export async function checkClientKey(c: Pick<ClientRef, 'client_secret' | 'private_key_file'>, assertion: boolean) {
  if (!c.private_key_file) return;
  if (c.client_secret) throw bothCredentials('A client secret and a private key file');
  if (assertion) throw bothCredentials('A private key file and a client assertion');
  await loadClientKey(c.private_key_file);
}

/** The client authenticates one way: two credentials given is a mistake, not a choice to guess. */
export function bothCredentials(what: string): LoginError {
  return new LoginError('usage', `${what} were both given: the client authenticates with one of them.`, {
    hint: 'Remove one: the secret (its environment variable, --client-secret-stdin or "client_secret"), the key (--private-key-file or "private_key_file") or the assertion (--client-assertion-*).',
  });
}

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * RFC 7523 §2.2: the client authenticates with a JWT another issuer signed (a CI job's OIDC token, as Azure's
 * federated credentials take it) instead of a secret. oauth4webapi's PrivateKeyJwt signs one itself; this one is given.
 */
export function assertionAuth(assertion: string): oauth.ClientAuth {
  return (_as, client, body) => {
    body.set('client_id', client.client_id);
    body.set('client_assertion_type', JWT_BEARER_ASSERTION);
    body.set('client_assertion', assertion);
  };
}

/**
 * HTTP Basic with the id and secret encoded as RFC 6749 §2.3.1 asks, but leaving RFC 3986's unreserved characters
 * (`A-Z a-z 0-9 - . _ ~`) as they are: Glewlwyd, Authlib and LemonLDAP::NG never decode them, so oauth4webapi's
 * `%2D` for "-" is refused there, while a plain "-" means the same to a server that does decode.
 */
function basic(secret: string): oauth.ClientAuth {
  return (_as, client, _body, headers) => {
    const pair = `${basicEncode(client.client_id)}:${basicEncode(secret)}`;
    headers.set('authorization', `Basic ${Buffer.from(pair).toString('base64')}`);
  };
}

export const basicEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A confidential client refused while it sent Basic credentials, by a server that also takes them in the body:
 * say so, with the setting that switches (some servers mis-decode Basic).
 */
export function withPostHint(err: unknown, as: oauth.AuthorizationServer, c: ClientRef): unknown {
  const refused = err instanceof LoginError && /invalid_client|unauthorized_client|HTTP 401/.test(err.message);
  const basicSent = c.client_secret !== undefined && c.token_auth !== 'client_secret_post' && c.token_auth !== 'none';
  if (!refused || !basicSent || !as.token_endpoint_auth_methods_supported?.includes('client_secret_post')) return err;
  return new LoginError(err.code, err.message, {
    hint: 'The client was refused with HTTP Basic authentication, and this server also takes the secret in the request body: try "token_auth": "client_secret_post" in this provider\'s config entry.',
    cause: err,
  });
}

/**
 * Options for every oauth4webapi call: its requests go through our transport (timeout, cap, no redirects, User-Agent).
 * Plain http is allowed at this level because every URL was checked before (https, or http on loopback only:
 * providers/urls.ts).
 */
export function oauthOptions(signal: AbortSignal, what: string) {
  return {
    [oauth.allowInsecureRequests]: true,
    [oauth.customFetch]: (url: string, init: { method: string; headers: Record<string, string>; body?: unknown }) =>
      send(url, { method: init.method, headers: init.headers, body: init.body as RequestInit['body'], what, signal }),
  } as const;
}
