// A scripted user agent for the demo IdP: plays the browser's part with fetch, for machines with no display and no
// Chromium, and for benchmarks. It knows only oidc-provider's own dev pages (devInteractions), not arbitrary IdPs.

export interface ScriptedLoginOptions {
  /** Login name for the dev login page; any name and any password are accepted. Default 'ada'. */
  login?: string;
  /** 'consent' submits the consent form; 'deny' follows its Cancel link, so the callback gets error=access_denied. */
  action?: 'consent' | 'deny';
}

/**
 * Follows the authorization URL through login and consent, then sends the final GET to the redirect URI (the
 * loopback callback), as a browser would. Resolves once the callback has answered, whatever its status.
 */
export async function scriptedLogin(openedUrl: string, opts: ScriptedLoginOptions = {}): Promise<void> {
  const { authorizationUrl, callbackCookie } = await throughStartPage(openedUrl);
  const idpOrigin = new URL(authorizationUrl).origin;
  // One host, so cookies by name are enough; paths and expiry do not matter within one login.
  const jar = new Map<string, string>();
  let request: { url: string; body?: URLSearchParams } = { url: authorizationUrl };

  for (let hops = 0; hops < 20; hops++) {
    const url = new URL(request.url);
    // Leaving the IdP means this is the redirect to the callback: deliver it without the IdP's cookies and stop.
    if (url.origin !== idpOrigin) {
      const headers: Record<string, string> = callbackCookie ? { cookie: callbackCookie } : {};
      const response = await fetch(url, { redirect: 'manual', headers }).catch((error: unknown) => {
        throw new Error(`scriptedLogin: could not deliver the redirect to ${url.origin}${url.pathname}`, {
          cause: error,
        });
      });
      await response.body?.cancel();
      return;
    }
    const response = await fetch(url, {
      method: request.body ? 'POST' : 'GET',
      body: request.body,
      headers: jar.size ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') } : {},
      redirect: 'manual',
    });
    storeCookies(jar, response.headers.getSetCookie());

    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      request = { url: new URL(location, url).href };
      continue;
    }
    const html = await response.text();
    request = nextRequest(html, url, opts);
  }
  throw new Error('scriptedLogin: too many redirects or pages');
}

/**
 * The CLI opens its loopback start page, which sets a cookie and redirects to the provider: keep the cookie for the
 * callback, as a browser would, and go on at the provider.
 */
async function throughStartPage(url: string): Promise<{ authorizationUrl: string; callbackCookie?: string }> {
  if (!new URL(url).pathname.startsWith('/oauth-login-start/')) return { authorizationUrl: url };
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location)
    throw new Error(`scriptedLogin: the start page answered ${response.status}`);
  return { authorizationUrl: location, callbackCookie: response.headers.get('set-cookie')?.split(';')[0] };
}

// Decides what the user would do on this page: log in, consent, or cancel.
function nextRequest(html: string, pageUrl: URL, opts: ScriptedLoginOptions): { url: string; body?: URLSearchParams } {
  const form = /<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  const prompt = form ? hiddenInputs(form[2]).get('prompt') : undefined;
  if (form && prompt === 'login') {
    const body = hiddenInputs(form[2]);
    body.set('login', opts.login ?? 'ada');
    body.set('password', 'any password');
    return { url: new URL(decodeHtml(form[1]), pageUrl).href, body };
  }
  if (form && prompt === 'consent') {
    if (opts.action === 'deny') {
      // The "[ Cancel ]" link: /interaction/<uid>/abort ends the request with access_denied.
      const abort = /<a\b[^>]*\bhref="([^"]*\/abort)"/i.exec(html);
      if (!abort) throw new Error(`scriptedLogin: no Cancel link on the consent page at ${pageUrl.href}`);
      return { url: new URL(decodeHtml(abort[1]), pageUrl).href };
    }
    return { url: new URL(decodeHtml(form[1]), pageUrl).href, body: hiddenInputs(form[2]) };
  }
  // oidc-provider's error page lists the error as <pre><strong>error</strong>: ...</pre>.
  const text = html
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  throw new Error(`scriptedLogin: unexpected page at ${pageUrl.href}: ${decodeHtml(text).slice(0, 300)}`);
}

// The form's hidden inputs, as a form body.
function hiddenInputs(formHtml: string): URLSearchParams {
  const body = new URLSearchParams();
  for (const [input] of formHtml.matchAll(/<input\b[^>]*>/gi)) {
    if (!/\btype="hidden"/i.test(input)) continue;
    const name = /\bname="([^"]*)"/i.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/i.exec(input)?.[1] ?? '';
    if (name) body.append(decodeHtml(name), decodeHtml(value));
  }
  return body;
}

// Undoes oidc-provider's attribute escaping (& < > " ').
function decodeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

// Keeps name=value from each Set-Cookie; a cookie being cleared (empty value or a 1970 expiry) is dropped.
function storeCookies(jar: Map<string, string>, setCookies: string[]): void {
  for (const header of setCookies) {
    const [pair] = header.split(';');
    const index = pair.indexOf('=');
    if (index === -1) continue;
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) jar.delete(name);
    else jar.set(name, value);
  }
}
