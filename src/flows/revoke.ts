import * as oauth from 'oauth4webapi';
import { toLoginError } from '../error-mapping.js';
import {
  type ClientRef,
  clientAuth,
  oauthClient,
  oauthOptions,
  type ServerSummary,
  serverOf,
} from '../oauth-client.js';

/**
 * RFC 7009: 200 means revoked (or already invalid); 503 may be retried once. Resolves undefined when the token was
 * revoked, else why not, in words that name the HTTP status.
 */
export async function revokeToken(
  server: ServerSummary,
  clientRef: ClientRef,
  token: string,
  hint: 'refresh_token' | 'access_token',
  signal: AbortSignal,
): Promise<string | undefined> {
  const as = serverOf(server);
  const client = oauthClient(clientRef.client_id);
  const what = 'the revocation request';
  const options = { ...oauthOptions(signal, what), additionalParameters: { token_type_hint: hint } };
  let response: Response | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      response = await oauth.revocationRequest(as, client, clientAuth(clientRef), token, options);
      if (response.status === 503 && attempt === 0) continue;
      await oauth.processRevocationResponse(response);
      return undefined;
    } catch (err) {
      return response ? `HTTP ${response.status}` : toLoginError(err, what).message;
    }
  }
  return `HTTP ${response?.status}`;
}
