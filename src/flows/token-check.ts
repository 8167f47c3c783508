import * as oauth from 'oauth4webapi';
import { toLoginError } from '../error-mapping.js';
import { LoginError } from '../errors.js';
import { jwtPart } from '../jwt-parts.js';
import { type ClientRef, clientAuth, oauthClient, oauthOptions } from '../oauth-client.js';
import { verifyIdTokenSignature } from './id-token.js';

/** Whether a stored token's signature checked out, and if not, why: a finding to show, not a failure. */
export type Verdict = { verified: true } | { verified: false; reason: string };

/**
 * A stored ID token checked against the issuer's keys (and its iss and aud), as of the moment it was issued: an
 * expired token is still shown as verified when the issuer signed it; its expiry is shown next to it.
 */
export async function checkIdToken(
  as: oauth.AuthorizationServer,
  client: ClientRef,
  idToken: string,
  signal: AbortSignal,
): Promise<Verdict> {
  const { iat } = jwtPart(idToken, 1);
  const at = typeof iat === 'number' ? new Date(iat * 1000) : undefined;
  try {
    await verifyIdTokenSignature(as, oauthClient(client.client_id), idToken, signal, client.client_secret, at);
    return { verified: true };
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    return { verified: false, reason: toLoginError(err, 'the ID token check').message };
  }
}

/**
 * RFC 7662: the provider's own view of a token (`active`, and usually scope, client_id, exp, sub). Its answer is
 * returned whole; the caller makes it safe to print.
 */
export async function introspectToken(
  as: oauth.AuthorizationServer,
  client: ClientRef,
  token: string,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  if (!as.introspection_endpoint) {
    throw new LoginError('missing_endpoints', 'The provider has no introspection_endpoint (RFC 7662) to ask.', {
      hint: 'Run inspect without --introspect: the token is still decoded here when it is a JWT.',
    });
  }
  const what = `the introspection request to ${as.introspection_endpoint}`;
  const options = { ...oauthOptions(signal, what), additionalParameters: { token_type_hint: 'access_token' } };
  try {
    const response = await oauth.introspectionRequest(
      as,
      oauthClient(client.client_id),
      clientAuth(client),
      token,
      options,
    );
    return { ...(await oauth.processIntrospectionResponse(as, oauthClient(client.client_id), response)) };
  } catch (err) {
    throw toLoginError(err, what);
  }
}
