import { closeSync, openSync } from 'node:fs';

/**
 * Whether a credential helper may ask the person: git allows its terminal prompt (GIT_TERMINAL_PROMPT is not 0) and
 * there is a terminal to ask on. A helper's stdin is git's pipe, so, as git's own prompt does, it looks for
 * /dev/tty: a CI job, a cron job or an IDE's background fetch has none.
 */
export function gitMayPrompt(env: NodeJS.ProcessEnv): boolean {
  const prompt = env.GIT_TERMINAL_PROMPT;
  if (prompt === '0' || prompt?.toLowerCase() === 'false') return false;
  if (process.platform === 'win32') return false;
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}
