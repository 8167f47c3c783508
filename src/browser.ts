import { spawn } from 'node:child_process';
import { childEnv, scrubProcessEnv } from './child-env.js';
import { LoginError } from './errors.js';

export type BrowserChoice =
  | { kind: 'system' }
  | { kind: 'command'; command: string; source: string }
  /** `reason`: what to say instead of "--no-browser" when the surroundings decided (see environment.ts). */
  | { kind: 'none'; reason?: string };

/** `--no-browser` wins, then `--browser-command`, then `$BROWSER` (a command given the URL last, as gh does), then `open`. */
export function chooseBrowser(
  flags: { browser?: boolean; browserCommand?: string },
  env: NodeJS.ProcessEnv,
): BrowserChoice {
  if (flags.browser === false) return { kind: 'none' };
  if (flags.browserCommand) return { kind: 'command', command: flags.browserCommand, source: '--browser-command' };
  if (env.BROWSER) return { kind: 'command', command: env.BROWSER, source: '$BROWSER' };
  return { kind: 'system' };
}

/** Only http(s) ever reaches an opener: a hostile discovery document must not run a program (CVE-2025-6514). */
export function assertBrowserUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LoginError('unsafe_url', 'Refused to open a malformed authorization URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LoginError(
      'unsafe_url',
      `Refused to open a ${url.protocol} URL in the browser: only http and https are allowed.`,
      {
        hint: "Check the provider's authorization_endpoint.",
      },
    );
  }
  return url;
}

/** Splits a command line on whitespace, honouring single and double quotes. No shell is ever involved. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of command.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** Opens the URL. Returns a reason when nothing could be opened, so the caller can tell the person to copy the URL. */
export async function openBrowser(url: string, choice: BrowserChoice): Promise<string | undefined> {
  const safe = assertBrowserUrl(url).href;
  if (choice.kind === 'none') return choice.reason ?? 'browser disabled (--no-browser)';
  if (choice.kind === 'command') return runCommand(choice.command, safe, choice.source);
  try {
    // `open` takes no env option (it spawns xdg-open, or PowerShell under WSL, with ours): the secrets go first. The
    // caller resolved the provider settings before any browser opens, so nothing still needs those variables.
    scrubProcessEnv();
    const { default: open } = await import('open');
    const child = await open(safe);
    child.unref();
    return undefined;
  } catch (err) {
    return `could not start a browser: ${(err as Error).message}`;
  }
}

function runCommand(command: string, url: string, source: string): Promise<string | undefined> {
  const [file, ...args] = splitCommand(command);
  if (!file) return Promise.resolve(`${source} is empty`);
  // Python's webbrowser convention: %s marks where the URL goes; otherwise it is the last argument.
  const argv = args.some((a) => a.includes('%s')) ? args.map((a) => a.replaceAll('%s', url)) : [...args, url];
  return new Promise((resolve) => {
    const child = spawn(file, argv, { stdio: 'ignore', detached: true, env: childEnv(process.env) });
    child.once('error', (err) => resolve(`${source} (${file}) failed: ${err.message}`));
    child.once('spawn', () => {
      child.unref();
      resolve(undefined);
    });
  });
}
