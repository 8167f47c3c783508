import type * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { jwtPart } from '../jwt-parts.js';

const TENANT_ID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/**
 * Microsoft's multi-tenant endpoints (common, organizations, consumers) publish the issuer as a template,
 * "https://login.microsoftonline.com/{tenantid}/v2.0", while each ID token names its real tenant. As Microsoft's
 * guidance says, the expected issuer is the template filled with the token's `tid`; oauth4webapi then checks `iss`
 * against it exactly, and the signature check (id-token.ts) proves the `tid` was not forged.
 */
export async function issuerForTokenResponse<T extends oauth.AuthorizationServer>(
  as: T,
  response: Response,
): Promise<T> {
  if (!as.issuer.includes('{tenantid}')) return as;
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { id_token?: unknown } | undefined;
  const tid = typeof body?.id_token === 'string' ? jwtPart(body.id_token, 1).tid : undefined;
  if (typeof tid !== 'string' || !TENANT_ID.test(tid)) {
    throw new LoginError(
      'invalid_response',
      'The multi-tenant ID token has no valid "tid" claim, so its issuer cannot be checked.',
    );
  }
  return { ...as, issuer: as.issuer.replace('{tenantid}', tid) };
}
