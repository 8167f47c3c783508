import { LoginError } from '../errors.js';
import { signRequest } from '../flows/oauth1-sign.js';
import { storedOauth1Credentials } from '../logins/oauth1.js';
import { writeData } from '../output.js';
import { assertEndpointUrl } from '../providers/urls.js';
import { terminalSafe } from '../sanitize.js';
import { dataDir } from '../store/paths.js';
import { findEntry } from './token.js';

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
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (!/^[A-Za-z]{1,20}$/.test(method)) {
    throw new LoginError('invalid_method', `"${terminalSafe(method, 20)}" is not an HTTP method.`, {
      hint: 'Use GET, POST, PUT, DELETE, … followed by the full URL.',
    });
  }
  // The header carries the user's token: never for a plain-http request that leaves the machine.
  const target = assertEndpointUrl(url, 'The URL to sign');
  const dir = dataDir(env);
  const entry = findEntry(dir, provider, options.account);
  const credentials = await storedOauth1Credentials(dir, entry, env, options.config);
  const { authorization } = await signRequest({ method, url: target.href }, credentials);
  writeData(`Authorization: ${authorization}`);
}
