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
import type { TokenSet } from './types.js';

/**
 * Refresh grant. Keeps the old refresh token when the provider does not rotate it (RFC 6749 §6 allows either).
 * A refusal is a LoginError whose cause carries the OAuth error (`invalid_grant`, GitHub's `bad_refresh_token` with
 * HTTP 200: the session is over). A new ID
 * token is verified like the first one (refreshed-id-token.ts).
 */
export async function refreshTokens(
  server: ServerSummary,
  clientRef: ClientRef,
  tokens: TokenSet & { refresh_token: string },
  signal: AbortSignal,
): Promise<TokenSet> {
  const as = serverOf(server);
  const client = oauthClient(clientRef.client_id);
  const what = 'the token refresh';
  let answer: Answer | undefined; // read before oauth4webapi consumes the body, so that an error can quote it
  try {
    const resource = server.resource; // RFC 8707 §2.2: the refreshed token is for the same resource
    const options = { ...oauthOptions(signal, what), additionalParameters: resource ? { resource } : undefined };
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
