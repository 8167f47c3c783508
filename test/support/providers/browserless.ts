// Runs the browser flow in-process with no browser: the authorization URL is read off the prompt, as a person over
// SSH would, and the test plays the provider's redirect back to the listener.
import { authCodeFlow } from '../../../src/flows/auth-code.js';
import type { FlowContext, LoginResult } from '../../../src/flows/types.js';
import type { ResolvedProvider } from '../../../src/providers/types.js';
import { recordingIo } from '../io.js';

export interface BrowserlessLogin {
  /** The authorization URL the person was shown. */
  url: URL;
  /** The status of the page the listener answered the redirect with. */
  page: number;
  result: LoginResult | undefined;
  error: (Error & { code?: string; exitCode?: number }) | undefined;
  stderr: string;
}

/** `redirect` gets the authorization URL and returns the redirect's query (code, state, iss, or error=…). */
export async function browserless(
  provider: ResolvedProvider,
  redirect: (url: URL) => Record<string, string> | Promise<Record<string, string>>,
  extra: Partial<FlowContext> = {},
): Promise<BrowserlessLogin> {
  const io = recordingIo({});
  const ctx: FlowContext = {
    ui: io.ui,
    signal: io.signal,
    deadline: Date.now() + 60_000,
    browser: { kind: 'none', reason: 'test' },
    ...extra,
  };
  const settled = authCodeFlow(provider, ctx).then(
    (result) => ({ result, error: undefined }),
    (error: Error) => ({ result: undefined, error }),
  );
  const url = await shownUrl(io.said);
  const callback = new URL(url.searchParams.get('redirect_uri') ?? '');
  for (const [k, v] of Object.entries(await redirect(url))) callback.searchParams.set(k, v);
  const page = (await fetch(callback)).status;
  return { url, page, ...(await settled), stderr: io.stderrText() };
}

async function shownUrl(said: { text: string }[]): Promise<URL> {
  for (let i = 0; i < 500; i++) {
    const line = said.map((s) => /Open the URL below in [^\n]*\n\s+(\S+)/.exec(s.text)?.[1]).find(Boolean);
    if (line) return new URL(line);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the flow never showed an authorization URL: ${said.map((s) => s.text).join(' | ')}`);
}

/**
 * A recording io whose "person" opens the URL a login prints (--no-browser): `play` acts the provider's pages and
 * returns where they send the browser back to, which is then visited (the listener's answer goes to `pages`).
 */
export function playingIo(env: NodeJS.ProcessEnv, play: (url: URL) => string | Promise<string>) {
  const io = Object.assign(recordingIo(env), { pages: [] as number[] });
  const prompt = io.ui.prompt;
  io.ui.prompt = (text) => {
    prompt(text);
    const shown = /Open the URL below in [^\n]*\n\s+(\S+)/.exec(text)?.[1];
    // A failure here shows as the login timing out (a short --timeout in the test), with the reason on stderr.
    if (shown)
      Promise.resolve(play(new URL(shown)))
        .then((back) => fetch(back))
        .then((page) => io.pages.push(page.status))
        .catch((err: Error) => io.ui.warn(`browser: ${err.message}`));
  };
  return io;
}

/** An OAuth 2.0 provider's redirect back to the client: redirect_uri with the query given, and the request's state. */
export function redirectBack(url: URL, query: Record<string, string>): string {
  const back = new URL(url.searchParams.get('redirect_uri') ?? '');
  const state = url.searchParams.get('state');
  if (state) back.searchParams.set('state', state);
  for (const [k, v] of Object.entries(query)) back.searchParams.set(k, v);
  return back.href;
}
