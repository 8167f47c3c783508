import type * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { CLOCK_HINT } from '../error-mapping.js';
import { CLOCK_LEEWAY_S } from '../oauth-client.js';
import { send } from '../transport.js';
import { jwtPart } from '../jwt-parts.js';

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
  clientSecret?: string,
  currentDate?: Date,
): Promise<void> {
  if (!as.jwks_uri && !isMac(idToken)) {
    throw new LoginError(
      'missing_jwks',
      `The provider's discovery document has no jwks_uri, so the ID token cannot be verified.`,
    );
  }
  const { createRemoteJWKSet, customFetch, jwtVerify, errors } = await import('jose');
  // The key set comes through our transport too (timeout, 1 MiB cap, no redirects, Ctrl+C); jose's own timeout
  // is set past ours so that ours, which names its limit, is the one that fires.
  const jwks = as.jwks_uri
    ? createRemoteJWKSet(new URL(as.jwks_uri), {
        timeoutDuration: 24 * 3600 * 1000,
        [customFetch]: (url: string, init: { headers: Record<string, string> }) =>
          send(url, { headers: init.headers, what: 'the key set (JWKS) request', signal }),
      })
    : undefined;
  // OIDC Core §10.1: HS256/384/512 ID tokens are keyed with the client secret (LemonLDAP::NG's default). Never for a
  // public client: without a secret anyone could make one.
  const key = async (header: { alg?: string }, token: Parameters<NonNullable<typeof jwks>>[1]) => {
    if (header.alg?.startsWith('HS')) {
      if (!clientSecret) throw macWithoutSecret();
      return new TextEncoder().encode(clientSecret);
    }
    if (!jwks) throw new LoginError('missing_jwks', 'The provider publishes no jwks_uri to verify the ID token with.');
    return jwks(header, token);
  };
  let iat: unknown;
  try {
    const { payload } = await jwtVerify(idToken, key, {
      issuer: as.issuer,
      audience: client.client_id,
      algorithms: as.id_token_signing_alg_values_supported?.filter((alg) => alg !== 'none'),
      clockTolerance: CLOCK_LEEWAY_S,
      // `inspect` checks a stored token as of when it was issued: its signature still matters once it has expired.
      currentDate,
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
  checkIat(iat);
}

function isMac(jwt: string): boolean {
  return String(jwtPart(jwt, 0).alg).startsWith('HS');
}

function macWithoutSecret(): LoginError {
  return new LoginError(
    'id_token_bad_signature',
    'The ID token is signed with the client secret (HS256/384/512), but this client has none: it cannot be verified.',
    { hint: 'Configure the client secret, or have the provider sign ID tokens with RS256 or ES256.' },
  );
}

function checkIat(iat: unknown): void {
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
