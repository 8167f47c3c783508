import { LoginError } from '../errors.js';
import { toLoginError } from '../error-mapping.js';
import { revokeToken } from '../flows/revoke.js';
import { clientOf } from './entries.js';
import type { SecretBlob, StoredLogin } from './types.js';

/** Tokens that could not be stored are revoked, so none lives on where nobody can find or log out of it. */
export async function revokeUnsaved(
  login: StoredLogin,
  secret: SecretBlob,
  err: unknown,
  signal: AbortSignal,
): Promise<never> {
  const error = toLoginError(err, 'saving the login');
  const client = clientOf(login, secret.client_secret);
  const { refresh_token, access_token } = secret.tokens;
  const revoked =
    login.revocation_endpoint !== undefined &&
    (!refresh_token || (await revokeToken(login, client, refresh_token, 'refresh_token', signal)) === undefined) &&
    (await revokeToken(login, client, access_token, 'access_token', signal)) === undefined;
  const outcome = revoked
    ? 'The tokens just issued were revoked at the provider.'
    : 'The tokens just issued could not be revoked at the provider: they stay valid until they expire.';
  throw new LoginError(error.code, `${error.message} ${outcome}`, { hint: error.hint, cause: err });
}
