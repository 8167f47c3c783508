// The test's browser at the CLI's one-time start page (src/loopback-start.ts): follows it once, keeps the cookie it
// sets, and hands that cookie to whatever plays the browser next (fetch in `visit`, a Chromium context).
const START_PATH = /^\/oauth-login-start\//;

/** Cookie headers by listener (host:port), as a browser would keep them. */
const jar = new Map<string, string>();

export const isStartPage = (url: string) => URL.canParse(url) && START_PATH.test(new URL(url).pathname);

/** Where the start page sends the browser (the authorization URL), the cookie kept; other URLs are returned as given. */
export async function followStart(url: string): Promise<string> {
  if (!isStartPage(url)) return url;
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 302 || !location || !cookie) {
    throw new Error(`the start page answered ${response.status} (location ${location}, cookie ${cookie})`);
  }
  jar.set(new URL(url).host, cookie.split(';')[0] as string);
  return location;
}

/** The Cookie header a browser would send to this callback URL, if any. */
export function cookieFor(url: string): Record<string, string> {
  const cookie = jar.get(new URL(url).host);
  return cookie ? { cookie } : {};
}

/** The same cookies for a Chromium context (playwright's addCookies shape). */
export function chromiumCookies(): { name: string; value: string; url: string }[] {
  return [...jar].map(([host, pair]) => {
    const [name = '', value = ''] = pair.split('=', 2);
    return { name, value, url: `http://${host}/` };
  });
}
