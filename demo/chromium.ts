// Drives Debian's headless Chromium through the demo IdP's pages (oidc-provider's devInteractions), as a user would.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page, type Request } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface LoginOptions {
  /** Login name typed into the dev login page; any name and any password are accepted. Default 'ada'. */
  login?: string;
  /** 'consent' clicks Continue; 'deny' clicks Cancel, and the IdP redirects with error=access_denied. */
  action?: 'consent' | 'deny';
}

/**
 * Launches headless Chromium; playwright-core never downloads a browser, so it must be Debian's. `extraArgs` are
 * added to the command line (e.g. `--proxy-server=…` for a test behind a proxy).
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install -y chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // The background-networking flags stop Chromium from flooding a closed network with refused connections.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Opens the authorization URL and goes through the IdP's pages (login, then consent) until the browser is sent to
 * the redirect URI. Resolves when that last request has completed, or failed (nothing listening is fine).
 */
export async function completeLogin(page: Page, authorizationUrl: string, opts: LoginOptions = {}): Promise<void> {
  const callback = watchCallback(page, callbackMatcher(authorizationUrl));
  try {
    await navigation(page, () => page.goto(authorizationUrl));
    // At most a login page and a consent page; the bound only stops a loop if the IdP keeps re-asking.
    for (let pages = 0; !callback.seen(); pages++) {
      if (pages === 4) throw new Error(`still on the IdP after ${pages} pages, at ${page.url()}`);
      await answerInteraction(page, opts);
    }
    await callback.settled;
  } finally {
    callback.stop();
  }
}

/**
 * Device flow: opens the verification URI (plain or "complete"), enters and confirms the user code, then logs in and
 * consents. Resolves on the IdP's "Sign-in Success" page. With action 'deny' it clicks Abort on the confirmation
 * page, so the device's next token request gets access_denied, and resolves on the "interrupted" page.
 */
export async function enterUserCode(
  page: Page,
  verificationUri: string,
  userCode: string,
  opts: LoginOptions = {},
): Promise<void> {
  await navigation(page, () => page.goto(verificationUri));
  // verification_uri_complete lands on a page that posts the code by script, so wait for either form.
  const inputForm = page.locator('[id="op.deviceInputForm"]');
  const confirmForm = page.locator('[id="op.deviceConfirmForm"]');
  await inputForm.or(confirmForm).waitFor({ state: 'attached' });
  if ((await inputForm.count()) > 0) {
    await inputForm.locator('input[name="user_code"]').fill(userCode);
    await navigation(page, () => page.click('button[form="op.deviceInputForm"]'));
  }
  await confirmForm.waitFor({ state: 'attached' });
  if (opts.action === 'deny') {
    await navigation(page, () => page.click('button[name="abort"]'));
    return;
  }
  await navigation(page, () => page.click('button[form="op.deviceConfirmForm"]:not([name="abort"])'));
  for (let pages = 0; (await page.title()) !== 'Sign-in Success'; pages++) {
    if (pages === 4) throw new Error(`still on the IdP after ${pages} pages, at ${page.url()}`);
    await answerInteraction(page, opts);
  }
}

// Fills the dev login page or answers the dev consent page, whichever is showing; anything else is an error page.
async function answerInteraction(page: Page, opts: LoginOptions): Promise<void> {
  if ((await page.locator('input[name="login"]').count()) > 0) {
    await page.fill('input[name="login"]', opts.login ?? 'ada');
    await page.fill('input[name="password"]', 'any password');
    await navigation(page, () => page.click('button[type="submit"]'));
  } else if ((await page.locator('input[name="prompt"][value="consent"]').count()) > 0) {
    // "[ Cancel ]" goes to /interaction/<uid>/abort, which ends the request with access_denied.
    const target = opts.action === 'deny' ? 'a[href$="/abort"]' : 'button[type="submit"]';
    await navigation(page, () => page.click(target));
  } else {
    const text = (await page.textContent('body').catch(() => null)) ?? '';
    throw new Error(`unexpected page at ${page.url()}: ${text.replace(/\s+/g, ' ').trim().slice(0, 300)}`);
  }
}

// Runs an action and waits for the main frame's next navigation (error pages count) to reach DOMContentLoaded.
async function navigation(page: Page, action: () => Promise<unknown>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  // A navigation that fails (e.g. to a callback nobody listens on) makes goto() throw; the event still fires.
  await action().catch((error: unknown) => {
    if (!(error instanceof Error && error.message.includes('net::ERR_'))) throw error;
  });
  await navigated;
  await page.waitForLoadState('domcontentloaded').catch(() => {});
}

// The redirect URI from the request, ignoring the port and query; without one (e.g. PAR), any path /callback.
function callbackMatcher(authorizationUrl: string): (url: URL) => boolean {
  const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri');
  if (!redirectUri) return (url) => url.pathname === '/callback';
  const expected = new URL(redirectUri);
  return (url) => url.hostname === expected.hostname && url.pathname === expected.pathname;
}

// Watches for the navigation request to the callback (it arrives as the last hop of the IdP's redirects) and for
// its end: finished (something answered) or failed (nothing listening). Either way the browser delivered the code.
function watchCallback(page: Page, isCallback: (url: URL) => boolean) {
  let request: Request | undefined;
  let done: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    done = resolve;
  });
  const onRequest = (r: Request) => {
    if (!request && r.isNavigationRequest() && isCallback(new URL(r.url()))) request = r;
  };
  const onEnd = (r: Request) => {
    if (r === request) done();
  };
  page.on('request', onRequest);
  page.on('requestfinished', onEnd);
  page.on('requestfailed', onEnd);
  return {
    settled,
    seen: () => request !== undefined,
    stop() {
      page.off('request', onRequest);
      page.off('requestfinished', onEnd);
      page.off('requestfailed', onEnd);
    },
  };
}
