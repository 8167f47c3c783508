import * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import type { ResolvedProvider } from '../providers/types.js';
import { serverSummary, toTokenSet } from './auth-code.js';
import { verifyIdTokenSignature } from './id-token.js';
import { fetchProfile } from './profile-request.js';
import type { LoginResult } from './types.js';

/**
 * From a processed token response to a login, as the browser flow does it: the ID token's signature checked against
 * the issuer's keys (oauth4webapi already checked its claims), then the profile (userinfo `sub` must match).
 */
export async function loginFromTokens(
  provider: ResolvedProvider,
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  result: oauth.TokenEndpointResponse,
  signal: AbortSignal,
): Promise<LoginResult> {
  if (provider.settings.protocol === 'oidc' && !result.id_token) {
    throw new LoginError('missing_id_token', 'The provider returned no ID token, so the sign-in cannot be verified.', {
      hint: 'Include "openid" in the scope (--scope).',
    });
  }
  if (result.id_token) await verifyIdTokenSignature(as, client, result.id_token, signal);
  const claims = oauth.getValidatedIdTokenClaims(result);
  const profile = await fetchProfile(provider, as, client, result.access_token, claims, signal);
  return { provider: provider.name, profile, tokens: toTokenSet(result), server: serverSummary(provider, as) };
}
