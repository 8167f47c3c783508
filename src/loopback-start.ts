import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoginError } from './errors.js';
import { sendPage } from './pages.js';

/**
 * The browser is opened at a one-time loopback start page instead of the authorization URL, because a program's argv
 * is world-readable (/proc/PID/cmdline): another local user could read state and PKCE challenge there, sign in as
 * themselves and hand their code to our listener. The start page sets a cookie and redirects to the provider; the
 * callback is accepted only with that cookie (SameSite=Lax: sent on the provider's top-level redirect back). A start
 * page opened twice means someone else opened it too: the login is aborted, loudly.
 */
export class StartPage {
  readonly path = `/oauth-login-start/${randomBytes(16).toString('base64url')}`;
  readonly url: string;
  private readonly cookieName: string;
  private readonly cookieValue = randomBytes(32).toString('base64url');
  private used = false;

  constructor(
    private readonly redirect: URL,
    private readonly target: string,
    private readonly abort: (err: LoginError) => void,
  ) {
    this.url = new URL(this.path, redirect).href;
    this.cookieName = `oauth_login_${redirect.port || '80'}`;
  }

  /** Answers the start request: the first one is redirected to the provider, any later one ends the login. */
  serve(res: ServerResponse): void {
    if (!this.used) {
      this.used = true;
      const cookie = `${this.cookieName}=${this.cookieValue}; Path=${this.redirect.pathname}; HttpOnly; SameSite=Lax`;
      res.writeHead(302, {
        Location: this.target,
        'Set-Cookie': cookie,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      res.end();
      return;
    }
    this.abort(
      new LoginError(
        'start_reused',
        'The sign-in start page was opened twice, so the login was stopped: another program or user on this machine may have tried to take it over. Nothing was stored.',
        {
          hint: 'Run the command again; if this repeats, check who else can run programs on this machine.',
        },
      ),
    );
    void sendPage(res, {
      status: 409,
      title: 'Sign-in stopped',
      message: 'This sign-in link was already used. Return to the terminal.',
    });
  }

  /** Whether a callback request came from the browser that opened the start page. */
  admits(req: IncomingMessage): boolean {
    const expected = Buffer.from(this.cookieValue);
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, value = ''] = part.trim().split('=', 2);
      const got = Buffer.from(value);
      if (name === this.cookieName && got.length === expected.length && timingSafeEqual(got, expected)) return true;
    }
    return false;
  }
}
