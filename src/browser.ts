import { spawn } from 'node:child_process';
import { childEnv, scrubProcessEnv } from './child-env.js';
import { LoginError } from './errors.js';
import { terminalSafe } from './sanitize.js';

export type BrowserChoice =
  | { kind: 'system' }
  | { kind: 'command'; command: string; source: string }
  /** `reason`: what to say instead of "--no-browser" when the surroundings decided (see environment.ts). */
  | { kind: 'none'; reason?: string };

/**
 * `--no-browser` wins, then `--browser-command`, then `$BROWSER` (a command given the URL last, as gh does), then
 * `open`. A command that cannot be split (an unterminated quote) is an error here, before anything starts.
 */
export function chooseBrowser(
  flags: { browser?: boolean; browserCommand?: string },
  env: NodeJS.ProcessEnv,
): BrowserChoice {
  if (flags.browser === false) return { kind: 'none' };
  if (flags.browserCommand) return commandChoice(flags.browserCommand, '--browser-command');
  if (env.BROWSER) return commandChoice(env.BROWSER, '$BROWSER');
  return { kind: 'system' };
}

function commandChoice(command: string, source: string): BrowserChoice {
  splitCommand(command, source);
  return { kind: 'command', command, source };
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

const BLANKS = ' \t\n';
/** Inside double quotes a backslash escapes only these (POSIX XCU 2.2.3); before anything else it stays a backslash. */
const ESCAPABLE_IN_DOUBLE_QUOTES = '$`"\\\n';

/**
 * Splits a command line (--browser-command, $BROWSER) into words as a POSIX shell does (XCU 2.2, 2.6.7) and does
 * nothing else: no shell ever runs the command, so there is no expansion ($VAR, `cmd`, ~, globs) and no operator
 * (; | & < > # are ordinary characters). Single quotes keep everything literal; in double quotes a backslash escapes
 * $ ` " \ and newline; outside quotes it escapes any character, and backslash-newline joins two lines. Quoted parts join
 * the word around them (a"b c"d is one word); '' and "" alone are empty words. `source` names the option in errors.
 */
export function splitCommand(command: string, source: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false; // an empty quoted word is still a word
  let i = 0;
  while (i < command.length) {
    const c = command.charAt(i);
    if (BLANKS.includes(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
      i++;
    } else if (c === '\\') {
      const next = command.charAt(i + 1);
      i += 2;
      if (next === '\n') continue; // a line continuation: no character, and no word by itself
      word += next || '\\'; // a backslash at the very end stays, as in sh
      started = true;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw unterminated(command, source, 'single', i);
      word += command.slice(i + 1, end);
      started = true;
      i = end + 1;
    } else if (c === '"') {
      const open = i++;
      for (;;) {
        if (i >= command.length) throw unterminated(command, source, 'double', open);
        const d = command.charAt(i);
        if (d === '"') break;
        const next = command.charAt(i + 1);
        if (d === '\\' && next && ESCAPABLE_IN_DOUBLE_QUOTES.includes(next)) {
          if (next !== '\n') word += next;
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      started = true;
      i++;
    } else {
      word += c;
      started = true;
      i++;
    }
  }
  if (started) words.push(word);
  return words;
}

function unterminated(command: string, source: string, kind: 'single' | 'double', at: number): LoginError {
  const mark = kind === 'single' ? "'" : '"';
  return new LoginError(
    'invalid_browser_command',
    `${source} has an unterminated ${kind} quote (the ${mark} at character ${at + 1} is never closed): ${terminalSafe(command, 200)}`,
    { hint: `Close the quote in ${source}, or escape a literal ${mark} with a backslash.` },
  );
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
  const [file, ...args] = splitCommand(command, source);
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
