// Google as its public documentation describes it: "OpenID Connect" (discovery at accounts.google.com) and
// "OAuth 2.0 for TV and Limited-Input Device Applications" (the device flow): the page is named `verification_url`,
// a poll too early answers 428 authorization_pending, a poll too fast 403 slow_down.
import { fakeNetwork, type Handler, signingKey } from './network.js';

export const GOOGLE = 'https://accounts.google.com';
const APIS = 'https://oauth2.googleapis.com';

export async function google(clientId: string, polls: ('pending' | 'slow_down' | 'approved')[]) {
  const key = await signingKey(GOOGLE);
  const answers = [...polls];
  const token: Handler = async () => {
    switch (answers.shift()) {
      case 'pending':
        return Response.json(
          { error: 'authorization_pending', error_description: 'Precondition Required' },
          { status: 428 },
        );
      case 'slow_down':
        return Response.json({ error: 'slow_down', error_description: 'Forbidden' }, { status: 403 });
      default: {
        const id_token = await key.idToken({ sub: '1170', aud: clientId, azp: clientId, email: 'ada@gmail.example' });
        const scope = 'openid https://www.googleapis.com/auth/userinfo.email';
        return Response.json({ access_token: 'ya29.a0', expires_in: 3599, token_type: 'Bearer', scope, id_token });
      }
    }
  };
  return fakeNetwork({
    [`${GOOGLE}/.well-known/openid-configuration`]: () =>
      Response.json({
        issuer: GOOGLE,
        authorization_endpoint: `${GOOGLE}/o/oauth2/v2/auth`,
        device_authorization_endpoint: `${APIS}/device/code`,
        token_endpoint: `${APIS}/token`,
        userinfo_endpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
        revocation_endpoint: `${APIS}/revoke`,
        jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
        response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'none'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['plain', 'S256'],
      }),
    [`${APIS}/device/code`]: () =>
      Response.json({
        device_code: 'AH-1Ng3',
        user_code: 'GQVQ-JKEC',
        verification_url: 'https://www.google.com/device',
        expires_in: 1800,
        interval: 5,
      }),
    [`${APIS}/token`]: token,
    'https://www.googleapis.com/oauth2/v3/certs': key.jwks,
    'https://openidconnect.googleapis.com/v1/userinfo': () =>
      Response.json({
        sub: '1170',
        name: 'Ada Lovelace',
        email: 'ada@gmail.example',
        picture: 'https://lh3.example/a',
      }),
  });
}
