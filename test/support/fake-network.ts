// An OpenID Provider as the transport sees it (`useFetch`): no sockets, every answer scripted per test. For in-process
// tests of what happens around a token request: refresh, revocation, logout, saving.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { useFetch } from '../../src/transport.js';

export const OP = 'https://op.example';
export const CLIENT = 'cli';

type Answer = Response | Promise<Response>;

export interface FakeNetwork {
  /** Requests seen, by path, with their form bodies. */
  requests: { path: string; body: URLSearchParams }[];
  /** The answer of the token endpoint, given the form it received. */
  token: (body: URLSearchParams) => Answer;
  /** An ID token signed by the published key (or, with `unpublished`, by a key the JWKS does not list). */
  idToken(claims?: Record<string, unknown>, unpublished?: boolean): Promise<string>;
  count(path: string): number;
  restore(): void;
}

export async function fakeNetwork(): Promise<FakeNetwork> {
  const published = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(published.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const net: FakeNetwork = {
    requests: [],
    token: () => Response.json({ error: 'invalid_grant' }, { status: 400 }),
    async idToken(claims = {}, unpublished = false) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: OP, sub: 'ada', aud: CLIENT, iat: now, exp: now + 3600, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: unpublished ? 'k2' : 'k1' })
        .sign(unpublished ? other.privateKey : published.privateKey);
    },
    count: (path) => net.requests.filter((r) => r.path === path).length,
    restore: () => {},
  };
  net.restore = useFetch(async (url, init) => {
    const path = new URL(url).pathname;
    const body = new URLSearchParams(typeof init.body === 'string' ? init.body : String(init.body ?? ''));
    net.requests.push({ path, body });
    switch (path) {
      case '/.well-known/openid-configuration':
        return Response.json(discovery());
      case '/jwks':
        return Response.json({ keys: [jwk] });
      case '/token':
        return net.token(body);
      case '/revoke':
        return new Response(null, { status: 200 });
      default:
        return new Response('not found', { status: 404 });
    }
  });
  return net;
}

export function discovery() {
  return {
    issuer: OP,
    authorization_endpoint: `${OP}/authorize`,
    token_endpoint: `${OP}/token`,
    revocation_endpoint: `${OP}/revoke`,
    jwks_uri: `${OP}/jwks`,
    id_token_signing_alg_values_supported: ['RS256'],
  };
}

/** A token answer: the fields given, over an honest bearer token that lives an hour. */
export const tokenAnswer = (fields: Record<string, unknown> = {}) =>
  Response.json({ access_token: `at-${Math.random()}`, token_type: 'Bearer', expires_in: 3600, ...fields });
