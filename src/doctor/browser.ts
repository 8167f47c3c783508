import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { splitCommand } from '../browser.js';
import { type BrowserDecision, currentSurroundings, decideBrowser, whyNoBrowser } from '../environment.js';
import { LoginError } from '../errors.js';
import { type Check, type DoctorOptions, fail, pass } from './types.js';

const NAME = 'browser';

/** Like `command -v`: an absolute or relative path must be executable; a bare name must be on PATH. */
export function findExecutable(file: string, env: NodeJS.ProcessEnv): string | undefined {
  const candidates = file.includes('/') ? [file] : (env.PATH ?? '').split(delimiter).map((dir) => join(dir, file));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** What `login` would do about a browser here, and whether the program it would run exists. */
export function checkBrowser(options: DoctorOptions, env: NodeJS.ProcessEnv, platform = process.platform): Check {
  let decision: BrowserDecision;
  try {
    decision = decideBrowser(options, { ...currentSurroundings(env, process.stdin), platform });
  } catch (err) {
    // A command that cannot be split (an unterminated quote): login would refuse it, so this check fails.
    if (err instanceof LoginError) return fail(NAME, err.message, err.hint ?? 'Fix the browser command.');
    throw err;
  }
  const { browser } = decision;
  if (browser.kind === 'command') {
    const [file = ''] = splitCommand(browser.command, browser.source);
    return findExecutable(file, env)
      ? pass(NAME, `${browser.source} runs ${file}`)
      : fail(
          NAME,
          `${browser.source} names ${file || 'nothing'}, which is not an executable`,
          `Fix ${browser.source}.`,
        );
  }
  if (browser.kind === 'none') {
    // Not a failure: login prints the URL instead, and offers the paste fallback and the device flow.
    if (decision.place === 'disabled') return pass(NAME, 'none will be opened (--no-browser)');
    const instead = decision.failFast ? 'use --flow device or --flow client-credentials' : 'login prints the URL';
    return pass(NAME, `none will be opened: ${whyNoBrowser(decision.place)}; ${instead}`);
  }
  if (platform === 'darwin' || platform === 'win32') return pass(NAME, 'the system opener');
  const opener =
    decision.place === 'wsl'
      ? (findExecutable('powershell.exe', env) ?? findExecutable('wslview', env))
      : findExecutable('xdg-open', env);
  if (opener) return pass(NAME, `the system opener ${opener}`);
  return fail(
    NAME,
    `no system opener (${decision.place === 'wsl' ? 'powershell.exe or wslview' : 'xdg-open'}) on PATH`,
    'Install xdg-utils (or wslu on WSL), set $BROWSER, or pass --browser-command.',
  );
}
