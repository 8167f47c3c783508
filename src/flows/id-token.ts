import type * as oauth from 'oauth4webapi';
import { CLOCK_HINT, LoginError } from '../errors.js';
import { requestTimeoutMs, USER_AGENT } from '../http.js';

/**
 * How far apart this computer's clock and the provider's may be (seconds): exp, nbf and iat are checked with this
 * leeway, here and by oauth4webapi (auth-code.ts sets it on the Client). Five minutes, as Kerberos and most OpenID
 * libraries allow: an ID token is used the second it arrives, so the leeway widens no replay window that matters.
 */
export const CLOCK_LEEWAY_S = 300;

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
    timeoutDuration: requestTimeoutMs(),
    headers: { 'user-agent': USER_AGENT },
  });
  if (signal.aborted) throw signal.reason;
  let iat: unknown;
  try {
    const verified = jwtVerify(idToken, jwks, {
      issuer: as.issuer,
      audience: client.client_id,
      algorithms: as.id_token_signing_alg_values_supported?.filter((alg) => alg !== 'none'),
      clockTolerance: CLOCK_LEEWAY_S,
    });
    // jose's JWKS fetch has its own timeout but no signal: Ctrl+C and --timeout must not wait for it.
    const { payload } = await Promise.race([verified, abortion(signal)]);
    iat = payload.iat;
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
  // Neither oauth4webapi nor jose (without maxTokenAge) looks at an iat in the future: a provider clock ahead of ours
  // by more than the leeway would otherwise pass silently when the token has no nbf.
  const ahead = typeof iat === 'number' ? iat - Math.floor(Date.now() / 1000) : 0;
  if (ahead > CLOCK_LEEWAY_S) {
    throw new LoginError(
      'clock_skew',
      `The ID token was issued ${ahead} s after this computer's time (allowed difference: ${CLOCK_LEEWAY_S} s).`,
      { hint: CLOCK_HINT },
    );
  }
}

function abortion(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
