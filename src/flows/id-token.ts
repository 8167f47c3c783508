import type * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { REQUEST_TIMEOUT_MS, USER_AGENT } from '../http.js';

/**
 * oauth4webapi checks iss, aud, azp, exp, iat and nonce but, as OIDC Core 3.1.3.7 allows over TLS, not the signature
 * of an ID token from the token endpoint. We check it against the issuer's JWKS anyway: over loopback http or behind a
 * broken proxy, TLS proves nothing about who signed it.
 */
export async function verifyIdTokenSignature(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  idToken: string,
  signal: AbortSignal,
): Promise<void> {
  if (!as.jwks_uri) {
    throw new LoginError(
      'missing_jwks',
      `The provider's discovery document has no jwks_uri, so the ID token cannot be verified.`,
    );
  }
  const { createRemoteJWKSet, jwtVerify, errors } = await import('jose');
  const jwks = createRemoteJWKSet(new URL(as.jwks_uri), {
    timeoutDuration: REQUEST_TIMEOUT_MS,
    headers: { 'user-agent': USER_AGENT },
  });
  if (signal.aborted) throw signal.reason;
  try {
    await jwtVerify(idToken, jwks, {
      issuer: as.issuer,
      audience: client.client_id,
      algorithms: as.id_token_signing_alg_values_supported?.filter((alg) => alg !== 'none'),
      clockTolerance: 30,
    });
  } catch (err) {
    if (err instanceof errors.JWKSNoMatchingKey) {
      throw new LoginError('id_token_unknown_key', 'The ID token is signed with a key the provider does not publish.', {
        cause: err,
      });
    }
    if (
      err instanceof errors.JOSEAlgNotAllowed ||
      err instanceof errors.JWSSignatureVerificationFailed ||
      err instanceof errors.JWSInvalid
    ) {
      throw new LoginError('id_token_bad_signature', `The ID token signature is invalid (${(err as Error).message}).`, {
        cause: err,
      });
    }
    throw new LoginError('id_token_invalid', `The ID token failed verification: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
