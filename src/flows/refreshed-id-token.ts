import * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { toLoginError } from '../error-mapping.js';
import { oauthOptions, type ServerSummary, serverOf } from '../oauth-client.js';
import { verifyIdTokenSignature } from './id-token.js';
import { jwtPart } from '../jwt-parts.js';

const KEPT = 'The stored login was kept as it was; if this persists, sign in again.';

const audience = (aud: unknown) => JSON.stringify([aud].flat().map(String).sort());

/**
 * OIDC Core 12.2: an ID token from a refresh is signed by the issuer's published keys, and names the same issuer,
 * subject, audience and authorized party as the one from the sign-in. Otherwise the refresh is refused and nothing of
 * it is stored. oauth4webapi has already checked its exp, iat, iss and aud against the server.
 */
export async function verifyRefreshedIdToken(
  server: ServerSummary,
  client: oauth.Client,
  fresh: string,
  original: string | undefined,
  signal: AbortSignal,
  clientSecret?: string,
): Promise<void> {
  const as = server.jwks_uri ? serverOf(server) : await withKeys(server, signal);
  try {
    await verifyIdTokenSignature(as, client, fresh, signal, clientSecret);
  } catch (err) {
    const error = toLoginError(err, 'the token refresh');
    throw new LoginError(error.code, `The refreshed ID token was refused: ${error.message}`, {
      hint: KEPT,
      cause: err,
    });
  }
  if (!original) return;
  const [now, then] = [jwtPart(fresh, 1), jwtPart(original, 1)];
  for (const claim of ['iss', 'sub', 'azp'] as const) {
    if (now[claim] !== then[claim]) throw changed(claim);
  }
  if (audience(now.aud) !== audience(then.aud)) throw changed('aud');
}

function changed(claim: string): LoginError {
  return new LoginError(
    'id_token_claim_mismatch',
    `The refreshed ID token was refused: its "${claim}" differs from the ID token of the sign-in.`,
    { hint: KEPT },
  );
}

/** Logins stored before the key set's address was kept: ask the issuer's discovery document for it. */
async function withKeys(server: ServerSummary, signal: AbortSignal): Promise<oauth.AuthorizationServer> {
  if (!server.issuer) {
    throw new LoginError(
      'missing_jwks',
      'The provider sent an ID token on refresh, but it has no issuer to verify it.',
      {
        hint: KEPT,
      },
    );
  }
  const issuer = new URL(server.issuer);
  const what = `OpenID discovery at ${issuer.href}`;
  try {
    const response = await oauth.discoveryRequest(issuer, { ...oauthOptions(signal, what), algorithm: 'oidc' });
    const as = await oauth.processDiscoveryResponse(issuer, response);
    return {
      ...serverOf(server),
      jwks_uri: as.jwks_uri,
      id_token_signing_alg_values_supported: as.id_token_signing_alg_values_supported,
    };
  } catch (err) {
    throw toLoginError(err, what);
  }
}
