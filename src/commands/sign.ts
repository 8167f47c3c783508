import { LoginError } from '../errors.js';
import { signRequest } from '../flows/oauth1-sign.js';
import type { CommandIo } from '../io.js';
import { storedOauth1Credentials } from '../logins/oauth1.js';
import { openLogins, requireLogin } from '../logins/service.js';
import { assertEndpointUrl } from '../providers/urls.js';
import { terminalSafe } from '../sanitize.js';

export interface SignOptions {
  account?: string;
  config?: string;
}

/**
 * `oauth-login sign <provider> <METHOD> <URL>`: the Authorization header for exactly one request with a stored
 * OAuth 1.0a login. The signature covers the method, the URL with its query, a fresh nonce and the current time, so
 * it cannot be reused for another request (or, at most servers, for the same one twice).
 */
export async function runSign(
  provider: string,
  method: string,
  url: string,
  options: SignOptions,
  io: CommandIo,
): Promise<void> {
  if (!/^[A-Za-z]{1,20}$/.test(method)) {
    throw new LoginError('invalid_method', `"${terminalSafe(method, 20)}" is not an HTTP method.`, {
      hint: 'Use GET, POST, PUT, DELETE, … followed by the full URL.',
    });
  }
  // The header carries the user's token: never for a plain-http request that leaves the machine.
  const target = assertEndpointUrl(url, 'The URL to sign');
  const logins = openLogins(io.env);
  const login = requireLogin(logins, provider, options.account);
  const credentials = await storedOauth1Credentials(logins, login, io.env, options.config);
  const { authorization } = await signRequest({ method, url: target.href }, credentials);
  io.out(`Authorization: ${authorization}`);
}
