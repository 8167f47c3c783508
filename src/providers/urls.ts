import { LoginError } from '../errors.js';

/** 127.0.0.0/8, ::1 and localhost: the only hosts where plain http is acceptable (nothing leaves the machine). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Every endpoint we call or send a browser to: https, or http on loopback. Anything else (file:, javascript:, …) is refused. */
export function assertEndpointUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LoginError('invalid_url', `${what} is not a valid URL.`, { hint: 'Use an absolute https:// URL.' });
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    assertPlainUrlCharacters(url, what);
    return url;
  }
  throw new LoginError(
    'insecure_url',
    `${what} must be an https:// URL (plain http only on loopback): got ${url.protocol}`,
    {
      hint: 'Check the provider configuration and its discovery document.',
    },
  );
}

// What a real endpoint URL is made of once parsed (the parser already percent-encodes spaces, quotes and <>). The
// rest of RFC 3986's sub-delims ($ ' ( ) * ; !), backticks, | { } ^ and fragments never appear in a real endpoint,
// but do in attacks on openers that go through a shell or `cmd /c start` (CVE-2025-6514). We run no shell ourselves;
// refusing them keeps a hostile discovery document from reaching a system opener that does.
const PLAIN_URL = /^[A-Za-z0-9\-._~:/?[\]@%+=,&]*$/;

function assertPlainUrlCharacters(url: URL, what: string): void {
  if (PLAIN_URL.test(url.href)) return;
  const odd = [...new Set(url.href.replace(/[A-Za-z0-9\-._~:/?[\]@%+=,&]/g, ''))].slice(0, 8).join(' ');
  throw new LoginError('unsafe_url', `${what} contains characters that have no place in an endpoint URL: ${odd}`, {
    hint: 'Check the provider configuration and its discovery document; the URL was not opened or requested.',
  });
}

/** The redirect URI must be an http loopback URL: that is what our listener can serve (RFC 8252 §7.3). */
export function parseRedirectUri(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LoginError('invalid_redirect_uri', `Redirect URI "${value}" is not a valid URL.`, {
      hint: 'Use a loopback URL such as http://localhost:5000/callback.',
    });
  }
  if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname) || url.username || url.password || url.hash) {
    throw new LoginError('invalid_redirect_uri', `Redirect URI ${url.href} is not a plain http loopback URL.`, {
      hint: 'Use http://localhost:PORT/PATH, http://127.0.0.1:PORT/PATH or http://[::1]:PORT/PATH.',
    });
  }
  return url;
}

/** Two URLs that parse to the same one (case of scheme and host, default port, an empty path). */
export const sameUrl = (a: string, b: string) =>
  URL.canParse(a) && URL.canParse(b) && new URL(a).href === new URL(b).href;
