// oidc-provider as a token-exchange server (RFC 8693): its registerGrantType hook takes
// urn:ietf:params:oauth:grant-type:token-exchange at its own token endpoint (client authentication, duplicate and
// unknown parameter checks, error answers are oidc-provider's), verifies the subject JWT against the CI issuer's JWKS
// over HTTP with jose (signature, iss, aud, exp, a jti seen once) and issues one of its own access tokens, which its
// introspection endpoint then knows.
import { errors } from 'oidc-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { type IdpOptions, startIdp } from '../../demo/idp.js';
import { ACCESS_TYPE, CI_CLIENT, EXCHANGE_GRANT, JWT_TYPE, STS_AUDIENCE } from './providers/token-exchange.js';

const PARAMETERS = [
  'subject_token',
  'subject_token_type',
  'requested_token_type',
  'actor_token',
  'actor_token_type',
  'audience',
  'resource',
  'scope',
];

/** What the server saw of one accepted exchange: the subject's claims and what was asked for. */
export interface Exchange {
  sub: string;
  subjectToken: string;
  audience?: string;
  resource: string[];
  scope?: string;
  accessToken: string;
}

/** The public client a CI job uses: no secret, only this grant. */
const exchangeClient = {
  client_id: CI_CLIENT,
  token_endpoint_auth_method: 'none',
  grant_types: [EXCHANGE_GRANT],
  response_types: [],
  redirect_uris: [],
};

type Params = Record<(typeof PARAMETERS)[number], string | string[] | undefined>;

export async function exchangeIdp(ci: { issuer: string; jwksUri: string }, options: IdpOptions = {}) {
  const idp = await startIdp({ ...options, clients: [exchangeClient, ...(options.clients ?? [])] });
  const keys = createRemoteJWKSet(new URL(ci.jwksUri));
  const seenJti = new Set<string>();
  const exchanges: Exchange[] = [];
  const { ClientCredentials } = idp.provider;

  idp.provider.registerGrantType<Params>(
    EXCHANGE_GRANT,
    async (ctx) => {
      const p = ctx.oidc.params;
      const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
      if (!p.subject_token || p.subject_token_type !== JWT_TYPE)
        throw new errors.CustomOIDCProviderError(
          'invalid_request',
          'subject_token and subject_token_type (jwt) are required',
        );
      if (p.requested_token_type !== undefined && p.requested_token_type !== ACCESS_TYPE)
        throw new errors.CustomOIDCProviderError('invalid_request', 'only access tokens are issued here');
      if (p.actor_token !== undefined)
        throw new errors.CustomOIDCProviderError('invalid_request', 'no delegation here');
      const subjectToken = String(p.subject_token);
      let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
      try {
        ({ payload } = await jwtVerify(subjectToken, keys, {
          issuer: ci.issuer,
          audience: STS_AUDIENCE,
          algorithms: ['RS256'],
        }));
      } catch (err) {
        throw new errors.CustomOIDCProviderError(
          'invalid_grant',
          `the subject token is invalid: ${(err as Error).message}`,
        );
      }
      if (!payload.jti || seenJti.has(payload.jti))
        throw new errors.CustomOIDCProviderError('invalid_grant', 'the subject token was used before');
      seenJti.add(payload.jti);
      const scope = one(p.scope);
      const token = new ClientCredentials({ client: ctx.oidc.client, scope, extra: { sub: payload.sub } });
      const accessToken = await token.save();
      const resource = p.resource === undefined ? [] : [p.resource].flat();
      exchanges.push({
        sub: String(payload.sub),
        subjectToken,
        audience: one(p.audience),
        resource,
        scope,
        accessToken,
      });
      ctx.body = {
        access_token: accessToken,
        issued_token_type: ACCESS_TYPE,
        token_type: 'Bearer',
        expires_in: token.expiration,
        ...(scope && { scope }),
      };
    },
    PARAMETERS,
    ['resource'],
  );
  return { ...idp, exchanges };
}
