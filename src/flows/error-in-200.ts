import * as oauth from 'oauth4webapi';

/**
 * GitHub answers every token-endpoint error with HTTP 200 and the error in the body: device polls
 * (authorization_pending, slow_down), a wrong code (bad_verification_code), a spent refresh token (bad_refresh_token).
 * RFC 6749 §5.2 says 400, and oauth4webapi would only see a missing access_token. The refusal it really is, or
 * undefined for any other answer (the body stays unread for the caller).
 */
export async function errorIn200(response: Response): Promise<oauth.ResponseBodyError | undefined> {
  if (response.status !== 200) return undefined;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const fields = body as { error?: unknown; access_token?: unknown };
  if (typeof fields.error !== 'string' || !fields.error || fields.access_token !== undefined) return undefined;
  const cause = body as oauth.OAuth2Error;
  return new oauth.ResponseBodyError('server responded with an error in the response body', { cause, response });
}
