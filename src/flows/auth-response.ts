import * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { toLoginError } from '../error-mapping.js';
import type { ResolvedSettings } from '../providers/types.js';
import { terminalSafe } from '../sanitize.js';
import { answerOf } from '../transport.js';
import { errorIn200 } from './error-in-200.js';

/**
 * The provider asked the person and the person said no. LemonLDAP::NG answers a refused consent with
 * `consent_required`; OIDC Core §3.1.2.6 means these three for `prompt=none`, which we never send unless configured.
 */
const REFUSALS = new Set(['access_denied', 'consent_required', 'interaction_required', 'login_required']);

function refused(error: string, settings: Pick<ResolvedSettings, 'authorization_params'>): boolean {
  return error === 'access_denied' || (REFUSALS.has(error) && settings.authorization_params?.prompt !== 'none');
}

/** state (again, by oauth4webapi), iss (RFC 9207) and error= responses. */
export function validateResponse(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  params: URLSearchParams,
  state: string,
  settings: Pick<ResolvedSettings, 'authorization_params'>,
) {
  try {
    return oauth.validateAuthResponse(as, client, params, state);
  } catch (err) {
    if (err instanceof oauth.AuthorizationResponseError) {
      const description = err.error_description ? `: ${terminalSafe(err.error_description)}` : '';
      const denied = refused(err.error, settings);
      throw new LoginError(
        denied ? 'access_denied' : 'authorization_error',
        `${denied ? 'Sign-in was cancelled or denied' : `The provider returned ${terminalSafe(err.error, 60)}`}${description}`,
        {
          exit: denied ? 'cancelled' : 'error',
          hint: denied
            ? 'Run the command again to retry.'
            : 'Check the client configuration (redirect URI, scopes) with the provider.',
          cause: err,
        },
      );
    }
    throw new LoginError('invalid_callback', `The sign-in response failed validation: ${(err as Error).message}`, {
      hint: 'Nothing was exchanged or stored. This can indicate a mix-up attack or a misconfigured issuer.',
      cause: err,
    });
  }
}

export async function processTokenResponse(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  response: Response,
  nonce: string | undefined,
  oidc: boolean,
) {
  let result: oauth.TokenEndpointResponse;
  const copy = response.clone(); // oauth4webapi reads the body; an error may quote it
  const refused = await errorIn200(response);
  if (refused) throw toLoginError(refused, 'the token request');
  try {
    result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: nonce,
      requireIdToken: oidc,
    });
  } catch (err) {
    // oauth4webapi refuses unknown token types without naming them; its cause holds the (lower-cased) body.
    const type = (err as { cause?: { body?: { token_type?: unknown } } }).cause?.body?.token_type;
    if (err instanceof oauth.UnsupportedOperationError && typeof type === 'string') throw unsupportedTokenType(type);
    throw toLoginError(err, 'the token request', await answerOf(copy));
  }
  // oauth4webapi lower-cases token_type and lets "dpop" through; we never asked for DPoP, so only Bearer works.
  if (result.token_type !== 'bearer') throw unsupportedTokenType(result.token_type);
  return result;
}

function unsupportedTokenType(type: string): LoginError {
  return new LoginError(
    'unsupported_token_type',
    `The provider issued a token with token_type "${terminalSafe(type, 40)}"; only Bearer tokens are supported.`,
    {
      hint: 'Nothing was stored. Check the client registration with the provider (DPoP, MAC and others are not used).',
    },
  );
}
