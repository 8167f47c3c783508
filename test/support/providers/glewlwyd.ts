// Glewlwyd 2.7 as seen here (Debian's glewlwyd): HTTP Basic client credentials compared as sent (never
// percent-decoded, so "%2D" is not "-"), a client-credentials grant without scope refused with 403 and an empty body,
// and `client_secret_post` accepted too.
import { fakeNetwork } from './network.js';

export const GLEWLWYD = 'https://glewlwyd.example/api/oidc';

export function glewlwyd(clientId: string, clientSecret: string) {
  return fakeNetwork({
    [`${GLEWLWYD}/.well-known/openid-configuration`]: () =>
      Response.json({
        issuer: GLEWLWYD,
        authorization_endpoint: `${GLEWLWYD}/auth`,
        token_endpoint: `${GLEWLWYD}/token`,
        jwks_uri: `${GLEWLWYD}/jwks`,
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      }),
    [`${GLEWLWYD}/token`]: (req) => {
      const basic = req.headers.get('authorization');
      const sent = basic ? Buffer.from(basic.replace(/^Basic /, ''), 'base64').toString('utf8') : undefined;
      const viaBody = req.body.get('client_id') === clientId && req.body.get('client_secret') === clientSecret;
      if (sent !== `${clientId}:${clientSecret}` && !viaBody)
        return Response.json({ error: 'unauthorized_client' }, { status: 403 });
      if (!req.body.get('scope')) return new Response(null, { status: 403 });
      return Response.json({
        access_token: 'glw-at',
        token_type: 'bearer',
        expires_in: 3600,
        scope: req.body.get('scope'),
      });
    },
  });
}
