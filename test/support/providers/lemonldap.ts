// LemonLDAP::NG 2.16 as Debian ships it, from its documentation and as seen here: ID tokens signed HS512 with the
// client secret by default (listed in discovery), `prompt=consent` honoured for offline_access (OIDC Core §11), and
// a refused consent answered with error=consent_required.
import { SignJWT } from 'jose';
import { fakeNetwork } from './network.js';

export const LLNG = 'https://auth.llng.example';

export function lemonldap(clientId: string, clientSecret: string) {
  const idToken = async (nonce: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: LLNG, sub: 'dwho', aud: clientId, azp: clientId, nonce, iat: now, exp: now + 3600 })
      .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
      .sign(new TextEncoder().encode(clientSecret));
  };
  const nonces = new Map<string, string>();
  const net = fakeNetwork({
    [`${LLNG}/.well-known/openid-configuration`]: () =>
      Response.json({
        issuer: LLNG,
        authorization_endpoint: `${LLNG}/oauth2/authorize`,
        token_endpoint: `${LLNG}/oauth2/token`,
        userinfo_endpoint: `${LLNG}/oauth2/userinfo`,
        jwks_uri: `${LLNG}/oauth2/jwks`,
        id_token_signing_alg_values_supported: ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        code_challenge_methods_supported: ['plain', 'S256'],
      }),
    [`${LLNG}/oauth2/jwks`]: () => Response.json({ keys: [] }),
    [`${LLNG}/oauth2/token`]: async (req) => {
      const nonce = nonces.get(req.body.get('code') ?? '') ?? '';
      return Response.json({
        access_token: 'llng-at',
        token_type: 'Bearer',
        expires_in: 3600,
        id_token: await idToken(nonce),
      });
    },
    [`${LLNG}/oauth2/userinfo`]: () => Response.json({ sub: 'dwho', name: 'Doctor Who', email: 'dwho@llng.example' }),
  });
  return {
    net,
    /** The provider's redirect after the person approved the request at `url`. */
    approve(url: URL) {
      const code = `code-${nonces.size}`;
      nonces.set(code, url.searchParams.get('nonce') ?? '');
      return { code, state: url.searchParams.get('state') ?? '' };
    },
  };
}
