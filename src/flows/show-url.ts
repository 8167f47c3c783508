import { assertBrowserUrl, openBrowser } from '../browser.js';
import type { Loopback } from '../loopback.js';
import type { FlowContext } from './types.js';

/**
 * Sends the person to the provider; resolves whether a browser was started. A browser gets the listener's one-time
 * start page, never the authorization URL itself (loopback-start.ts: argv is world-readable). When no browser is
 * started the URL is printed instead, even with --quiet (over SSH the person opens it on another machine): the
 * terminal is the person's own, so it may carry the authorization URL.
 */
export async function showAuthorizationUrl(
  url: string,
  ctx: FlowContext,
  loopback: Pick<Loopback, 'startPage'>,
): Promise<boolean> {
  assertBrowserUrl(url);
  if (ctx.browser.kind === 'none') {
    ctx.ui.prompt(`Open this URL in a browser to sign in (${await openBrowser(url, ctx.browser)}):\n  ${url}`);
    return false;
  }
  const start = loopback.startPage(url);
  const failure = await openBrowser(start.url, ctx.browser);
  if (!failure) {
    ctx.ui.info(`Opened your browser to sign in. If it did not open, visit (once):\n  ${start.url}`);
    return true;
  }
  // No browser process was started, so nobody else saw the start page: the person gets the provider's URL.
  start.cancel();
  ctx.ui.prompt(`Open this URL in a browser to sign in (${failure}):\n  ${url}`);
  return false;
}
