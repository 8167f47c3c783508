import { LoginError } from '../errors.js';
import { assertEndpointUrl } from './urls.js';

/**
 * A login made from a resource's URL is stored under that resource's identifier (RFC 8707 §2: an absolute URI
 * without a fragment; we drop the query too, as the MCP authorization spec's canonical URI does). So `token URL`,
 * `status` and `logout` find it whatever spelling of the URL (case of the host, a fragment) was typed.
 */
export function isResourceUrl(argument: string): boolean {
  return /^https?:\/\//i.test(argument);
}

/** The resource identifier of a URL: https (http only on loopback), no fragment, no query, no credentials. */
export function resourceIdentifier(argument: string): string {
  const what = `The resource URL "${argument.slice(0, 200)}"`;
  if (!URL.canParse(argument)) return assertEndpointUrl(argument, what).href; // throws, naming the input
  const parsed = new URL(argument);
  parsed.hash = '';
  parsed.search = '';
  const url = assertEndpointUrl(parsed.href, what);
  if (url.username || url.password) {
    throw new LoginError('invalid_url', `The resource URL ${url.origin} carries a user name or password.`, {
      hint: 'Give the URL without credentials: the login supplies them.',
    });
  }
  return url.href;
}

/** The provider name a command argument stands for: a resource URL's identifier, or the name itself. */
export function providerName(argument: string): string {
  return isResourceUrl(argument) ? resourceIdentifier(argument) : argument;
}
