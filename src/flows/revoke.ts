import * as oauth from 'oauth4webapi';
import {
  type ClientRef,
  clientAuth,
  oauthClient,
  oauthOptions,
  type ServerSummary,
  serverOf,
} from '../oauth-client.js';

/** RFC 7009: 200 means revoked (or already invalid); 503 may be retried once. Resolves whether it was revoked. */
export async function revokeToken(
  server: ServerSummary,
  clientRef: ClientRef,
  token: string,
  hint: 'refresh_token' | 'access_token',
  signal: AbortSignal,
): Promise<boolean> {
  const as = serverOf(server);
  const client = oauthClient(clientRef.client_id);
  const options = {
    ...oauthOptions(signal, 'the revocation request'),
    additionalParameters: { token_type_hint: hint },
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const response = await oauth.revocationRequest(as, client, clientAuth(clientRef), token, options);
      if (response.status === 503 && attempt === 0) continue;
      await oauth.processRevocationResponse(response);
      return true;
    } catch {
      return false;
    }
  }
  return false;
}
