import { assertBrowserUrl, openBrowser } from '../browser.js';
import { browserlessLine, sshForward } from '../environment.js';
import type { Loopback } from '../loopback.js';
import type { FlowContext } from './types.js';

/**
 * Sends the person to the provider; resolves whether a browser was started. A browser gets the listener's one-time
 * start page, never the authorization URL itself (loopback-start.ts: argv is world-readable). When no browser is
 * started the URL is printed instead, even with --quiet (over SSH the person opens it on another machine): the
 * terminal is the person's own, so it may carry the authorization URL. Either way one line says what was decided.
 */
export async function showAuthorizationUrl(
  url: string,
  ctx: FlowContext,
  loopback: Pick<Loopback, 'startPage' | 'redirectUri'>,
  /** Whether the flow reads a pasted address from the terminal (auth-code does; OAuth 1.0a does not). */
  paste = false,
): Promise<boolean> {
  assertBrowserUrl(url);
  if (ctx.browser.kind === 'none') {
    // The decision's note says why; --no-browser has none.
    const why = ctx.note ?? 'Not opening a browser (--no-browser)';
    ctx.ui.prompt(`${browserless(why, ctx, loopback, paste)}\n  ${url}`);
    return false;
  }
  if (ctx.note) ctx.ui.info(ctx.note);
  const start = loopback.startPage(url);
  const failure = await openBrowser(start.url, ctx.browser);
  if (!failure) {
    ctx.ui.info(`Opened your browser to sign in. If it did not open, visit (once):\n  ${start.url}`);
    return true;
  }
  // No browser process was started, so nobody else saw the start page: the person gets the provider's URL.
  start.cancel();
  ctx.ui.prompt(`${browserless(`Could not open a browser (${failure})`, ctx, loopback, paste)}\n  ${url}`);
  return false;
}

function browserless(why: string, ctx: FlowContext, loopback: Pick<Loopback, 'redirectUri'>, paste: boolean): string {
  const callback = new URL(loopback.redirectUri);
  const forward = ctx.ssh ? sshForward(callback, ctx.ssh.origin) : undefined;
  // The device flow is worth naming where no browser could be here (SSH, no display, CI), not after --no-browser.
  return browserlessLine(why, { callback, paste, forward, device: !paste && ctx.note !== undefined });
}
