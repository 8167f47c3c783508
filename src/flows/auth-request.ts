import * as oauth from 'oauth4webapi';
import type { ResolvedSettings } from '../providers/types.js';

export interface RequestSecrets {
  state: string;
  verifier: string;
  nonce: string | undefined;
}

/**
 * The authorization request (RFC 6749 §4.1.1 with PKCE S256 and, for OpenID Connect, a nonce). OIDC Core §11: a
 * request for `offline_access` must carry `prompt=consent` (servers that follow it, such as LemonLDAP::NG, otherwise
 * issue no refresh token), unless the configuration chose a prompt.
 */
export async function authorizationUrl(
  endpoint: string,
  s: Pick<ResolvedSettings, 'authorization_params' | 'client_id' | 'scope'>,
  redirectUri: string,
  { state, verifier, nonce }: RequestSecrets,
): Promise<string> {
  const url = new URL(endpoint);
  const query: Record<string, string> = {
    ...s.authorization_params,
    client_id: s.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: s.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  };
  if (nonce) query.nonce = nonce;
  if (s.scope.split(/\s+/).includes('offline_access') && !s.authorization_params?.prompt) query.prompt = 'consent';
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.href;
}
