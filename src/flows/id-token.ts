import type * as oauth from 'oauth4webapi';
import { CLOCK_HINT, LoginError } from '../errors.js';
import { CLOCK_LEEWAY_S } from '../oauth-client.js';
import { send } from '../transport.js';

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
  const { createRemoteJWKSet, customFetch, jwtVerify, errors } = await import('jose');
  // The key set comes through our transport too (timeout, 1 MiB cap, no redirects, Ctrl+C); jose's own timeout
  // is set past ours so that ours, which names its limit, is the one that fires.
  const jwks = createRemoteJWKSet(new URL(as.jwks_uri), {
    timeoutDuration: 24 * 3600 * 1000,
    [customFetch]: (url: string, init: { headers: Record<string, string> }) =>
      send(url, { headers: init.headers, what: 'the key set (JWKS) request', signal }),
  });
  let iat: unknown;
  try {
    const { payload } = await jwtVerify(idToken, jwks, {
      issuer: as.issuer,
      audience: client.client_id,
      algorithms: as.id_token_signing_alg_values_supported?.filter((alg) => alg !== 'none'),
      clockTolerance: CLOCK_LEEWAY_S,
    });
    iat = payload.iat;
  } catch (err) {
    if (err instanceof LoginError) throw err;
    if (signal.aborted) throw signal.reason;
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
