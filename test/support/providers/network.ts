// A fake network of providers, for in-process tests of each preset's documented quirks: requests reach handlers by
// URL (origin + path) through the transport's seam (`useFetch`), never a socket. Every request is recorded.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { useFetch } from '../../../src/transport.js';

export interface Seen {
  url: URL;
  method: string;
  headers: Headers;
  body: URLSearchParams;
  /** The body as sent (a JSON body, e.g. a client registration, is not a form). */
  text?: string;
}

export type Handler = (request: Seen) => Response | Promise<Response>;

export interface Network {
  seen: Seen[];
  /** Requests to this path (any origin). */
  to(path: string): Seen[];
  /** Hosts that were asked anything. */
  hosts(): string[];
  restore(): void;
}

export function fakeNetwork(routes: Record<string, Handler>): Network {
  const seen: Seen[] = [];
  const restore = useFetch(async (url, init) => {
    const parsed = new URL(url);
    const text = typeof init.body === 'string' ? init.body : init.body ? String(init.body) : '';
    const request = {
      url: parsed,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: new URLSearchParams(text),
      text,
    };
    seen.push(request);
    const handler = routes[`${parsed.origin}${parsed.pathname}`];
    return handler ? handler(request) : new Response('not found', { status: 404 });
  });
  return {
    seen,
    to: (path) => seen.filter((r) => r.url.pathname === path),
    hosts: () => [...new Set(seen.map((r) => r.url.host))],
    restore,
  };
}

/** An issuer's signing key: its JWKS, and ID tokens signed with it. */
export async function signingKey(issuer: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  return {
    jwks: () => Response.json({ keys: [jwk] }),
    idToken(claims: Record<string, unknown>) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, iat: now, exp: now + 3600, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .sign(privateKey);
    },
  };
}

/** A clock for polling flows: waits return at once, and every wait is recorded. */
export function fakeClock() {
  let now = Date.now();
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    async wait(ms: number) {
      waits.push(ms);
      now += ms;
    },
  };
}
