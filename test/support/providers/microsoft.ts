// Microsoft Entra ID as its documentation describes it ("Microsoft identity platform and the OAuth 2.0 device
// authorization grant flow"; "ID tokens"): the multi-tenant discovery document names the issuer as a template
// (https://login.microsoftonline.com/{tenantid}/v2.0) and each ID token names its tenant in `tid` and `iss`.
import { fakeNetwork, signingKey } from './network.js';

export const MS = 'https://login.microsoftonline.com';
export const TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

export async function microsoft(clientId: string, idTokenClaims: Record<string, unknown> = {}) {
  const key = await signingKey(`${MS}/${TENANT}/v2.0`);
  const discovery = (alias: string) => () =>
    Response.json({
      issuer: `${MS}/{tenantid}/v2.0`,
      authorization_endpoint: `${MS}/${alias}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${MS}/${alias}/oauth2/v2.0/devicecode`,
      token_endpoint: `${MS}/${alias}/oauth2/v2.0/token`,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      jwks_uri: `${MS}/${alias}/discovery/v2.0/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  const routes: Parameters<typeof fakeNetwork>[0] = {};
  for (const alias of ['common', 'organizations', 'consumers']) {
    routes[`${MS}/${alias}/v2.0/.well-known/openid-configuration`] = discovery(alias);
    routes[`${MS}/${alias}/oauth2/v2.0/devicecode`] = () =>
      Response.json({
        device_code: 'GMMhmHCXhWEzkobqIHGG_EnNYYsAkukHspeYUk9E8',
        user_code: 'GMMHMHCX',
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: 5,
        message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin …',
      });
    routes[`${MS}/${alias}/oauth2/v2.0/token`] = async () => {
      const claims = { sub: 'AAAA', aud: clientId, tid: TENANT, oid: 'o-1', name: 'Ada', ...idTokenClaims };
      const id_token = await key.idToken(claims);
      return Response.json({
        token_type: 'Bearer',
        scope: 'openid profile',
        expires_in: 3599,
        access_token: 'eyJ0eXAi.ms',
        id_token,
      });
    };
    routes[`${MS}/${alias}/discovery/v2.0/keys`] = key.jwks;
  }
  routes['https://graph.microsoft.com/oidc/userinfo'] = () => Response.json({ sub: 'AAAA', name: 'Ada Lovelace' });
  return fakeNetwork(routes);
}
