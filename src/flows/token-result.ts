import * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import type { ServerSummary } from '../oauth-client.js';
import type { Server } from '../providers/discover.js';
import type { ResolvedProvider } from '../providers/types.js';
import { verifyIdTokenSignature } from './id-token.js';
import { fetchProfile } from './profile-request.js';
import type { PersonResult, TokenSet } from './types.js';

/**
 * From a processed token response to a login, as the browser flow does it: the ID token's signature checked against
 * the issuer's keys (oauth4webapi already checked its claims), then the profile (userinfo `sub` must match).
 */
export async function loginFromTokens(
  provider: ResolvedProvider,
  as: Server,
  client: oauth.Client,
  result: oauth.TokenEndpointResponse,
  flow: PersonResult['flow'],
  signal: AbortSignal,
): Promise<PersonResult> {
  if (provider.settings.protocol === 'oidc' && !result.id_token) {
    throw new LoginError('missing_id_token', 'The provider returned no ID token, so the sign-in cannot be verified.', {
      hint: 'Include "openid" in the scope (--scope).',
    });
  }
  if (result.id_token)
    await verifyIdTokenSignature(as, client, result.id_token, signal, provider.settings.client_secret);
  const claims = oauth.getValidatedIdTokenClaims(result);
  const profile = await fetchProfile(provider, as, client, result.access_token, claims, signal);
  // RFC 6749 §5.1: an answer without scope was granted the scope requested.
  const tokens = { scope: provider.settings.scope || undefined, ...toTokenSet(result) };
  return { kind: 'person', flow, provider: provider.name, profile, tokens, server: serverSummary(provider, as) };
}

// A lifetime beyond a century means "does not expire" in practice; a huge one would make an invalid Date.
const MAX_EXPIRES_IN_S = 100 * 365 * 24 * 3600;

// RFC 6749 tokens are printable ASCII; `token --format env` and `header` print them raw, so nothing else may pass.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

export function toTokenSet(r: oauth.TokenEndpointResponse): TokenSet {
  for (const name of ['access_token', 'refresh_token', 'id_token'] as const) {
    const value = r[name];
    if (value !== undefined && !TOKEN_CHARS.test(value)) {
      throw new LoginError('invalid_response', `The provider sent an ${name} with characters a token cannot have.`, {
        hint: 'Nothing was stored. The provider is misbehaving or an answer was tampered with.',
      });
    }
  }
  const tokens: TokenSet = { access_token: r.access_token, token_type: r.token_type };
  if (r.refresh_token) tokens.refresh_token = r.refresh_token;
  if (r.id_token) tokens.id_token = r.id_token;
  if (r.scope) tokens.scope = r.scope;
  if (typeof r.expires_in === 'number' && r.expires_in <= MAX_EXPIRES_IN_S)
    tokens.expires_at = Math.floor(Date.now() / 1000 + r.expires_in);
  return tokens;
}

/** The endpoints a stored login needs later. Plain OAuth 2.0 providers have no issuer of their own. */
export function serverSummary(provider: ResolvedProvider, as: Server): ServerSummary {
  return {
    // A login from a resource URL keeps its authorization server's issuer: a later login reuses its registration.
    issuer: provider.settings.protocol === 'oidc' || provider.settings.resource ? as.issuer : undefined,
    token_endpoint: as.token_endpoint,
    revocation_endpoint: as.revocation_endpoint,
    userinfo_endpoint: as.userinfo_endpoint,
    jwks_uri: provider.settings.protocol === 'oidc' ? as.jwks_uri : undefined,
    resource: provider.settings.resource,
  };
}
