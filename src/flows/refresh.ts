import * as oauth from 'oauth4webapi';
import { type Answer, toLoginError } from '../error-mapping.js';
import {
  type ClientRef,
  clientAuth,
  oauthClient,
  oauthOptions,
  type ServerSummary,
  serverOf,
} from '../oauth-client.js';
import { verifyRefreshedIdToken } from './refreshed-id-token.js';
import { answerOf } from '../transport.js';
import { toTokenSet } from './token-result.js';
import { errorIn200 } from './error-in-200.js';
import type { Narrowing, TokenSet } from './types.js';

/**
 * RFC 8707 §2.2: the refreshed token is for the same resource as the login, unless `token --resource` names others.
 * RFC 6749 §6: a narrower `scope`; `audience` is the plain parameter some providers (Auth0, Okta) read instead.
 */
function refreshParams(server: ServerSummary, narrow: Narrowing = {}): URLSearchParams | undefined {
  const params = new URLSearchParams();
  if (narrow.scope) params.set('scope', narrow.scope);
  const resources = narrow.resource?.length ? narrow.resource : server.resource ? [server.resource] : [];
  for (const resource of resources) params.append('resource', resource);
  if (narrow.audience) params.set('audience', narrow.audience);
  return params.size ? params : undefined;
}

/**
 * Refresh grant. Keeps the old refresh token when the provider does not rotate it (RFC 6749 §6 allows either).
 * A refusal is a LoginError whose cause carries the OAuth error (`invalid_grant`, GitHub's `bad_refresh_token` with
 * HTTP 200: the session is over). A new ID
 * token is verified like the first one (refreshed-id-token.ts). `narrow` asks for less than the login holds
 * (`token --scope/--resource/--audience`, logins/narrowed.ts).
 */
export async function refreshTokens(
  server: ServerSummary,
  clientRef: ClientRef,
  tokens: TokenSet & { refresh_token: string },
  signal: AbortSignal,
  narrow?: Narrowing,
): Promise<TokenSet> {
  const as = serverOf(server);
  const client = oauthClient(clientRef.client_id);
  const what = 'the token refresh';
  let answer: Answer | undefined; // read before oauth4webapi consumes the body, so that an error can quote it
  try {
    const options = { ...oauthOptions(signal, what), additionalParameters: refreshParams(server, narrow) };
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth(clientRef),
      tokens.refresh_token,
      options,
    );
    answer = await answerOf(response);
    const refused = await errorIn200(response);
    if (refused) throw refused;
    const fresh = toTokenSet(await oauth.processRefreshTokenResponse(as, client, response));
    if (fresh.id_token) {
      const secret = clientRef.client_secret;
      await verifyRefreshedIdToken(server, client, fresh.id_token, tokens.id_token, signal, secret);
    }
    return {
      ...fresh,
      refresh_token: fresh.refresh_token ?? tokens.refresh_token,
      id_token: fresh.id_token ?? tokens.id_token,
      // RFC 6749 §6: an answer without scope keeps the scope that was granted.
      scope: fresh.scope ?? tokens.scope,
    };
  } catch (err) {
    throw toLoginError(err, what, answer);
  }
}
