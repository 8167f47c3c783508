import * as oauth from 'oauth4webapi';
import { needsLogin, toLoginError } from '../errors.js';
import { httpOptions } from '../http.js';
import type { LoginEntry } from '../logins/types.js';
import { clientAuthFor } from '../providers/discover.js';
import { toTokenSet } from './token-result.js';
import type { TokenSet } from './types.js';
import { oauthClient } from './client.js';

/** The authorization server as the index remembers it: refreshing needs no discovery round trip. */
export function serverFromEntry(entry: LoginEntry): oauth.AuthorizationServer {
  return {
    issuer: entry.issuer ?? new URL(entry.token_endpoint).origin,
    token_endpoint: entry.token_endpoint,
    revocation_endpoint: entry.revocation_endpoint,
    userinfo_endpoint: entry.userinfo_endpoint,
  };
}

/**
 * Refresh grant. Keeps the old refresh token when the provider does not rotate it (RFC 6749 §6 allows either).
 * `invalid_grant` means the session is over: exit code "needs login".
 */
export async function refreshTokens(
  entry: LoginEntry,
  tokens: TokenSet,
  clientSecret: string | undefined,
  signal: AbortSignal,
): Promise<TokenSet> {
  if (!tokens.refresh_token) throw needsLogin(entry, 'the access token expired and there is no refresh token');
  const as = serverFromEntry(entry);
  const client = oauthClient(entry.client_id);
  const auth = clientAuthFor({ client_secret: clientSecret, token_auth: entry.token_auth });
  try {
    const response = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token, httpOptions(signal));
    const result = await oauth.processRefreshTokenResponse(as, client, response);
    const fresh = toTokenSet(result);
    return {
      ...fresh,
      refresh_token: fresh.refresh_token ?? tokens.refresh_token,
      id_token: fresh.id_token ?? tokens.id_token,
      // RFC 6749 §6: an answer without scope keeps the scope that was granted.
      scope: fresh.scope ?? tokens.scope,
    };
  } catch (err) {
    if ((err as { error?: string }).error === 'invalid_grant')
      throw needsLogin(entry, 'the provider no longer accepts the refresh token');
    throw toLoginError(err, 'the token refresh');
  }
}
