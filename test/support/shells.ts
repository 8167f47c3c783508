import { execFile, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { tempDir } from './tmp.js';

/** The POSIX shells `token --format env` is checked against: bash, and dash (Debian's /bin/sh). */
export const SHELLS = ['bash', 'dash'] as const;

const found = new Set<string>();

/** Fails, naming the shell, when it is missing: a guarantee about a shell is never skipped. */
export function requireShell(shell: string): void {
  if (found.has(shell)) return;
  const lookup = spawnSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' });
  if (lookup.status !== 0) throw new Error(`${shell} not found: install Debian's ${shell} to run these tests`);
  found.add(shell);
}

export interface Evaluated {
  /** What the script printed on stdout. */
  stdout: string;
  /** Files in the working directory afterwards: anything there was created by an injected command. */
  created: string[];
}

/**
 * Runs `script` in `shell` inside a fresh empty directory, with `args` as "$@" and only `env`. A command injected
 * through `eval` (e.g. `touch PWNED`) leaves a file there. Asynchronous: the fake providers answer from this process.
 */
export async function runInShell(
  shell: string,
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Evaluated> {
  requireShell(shell);
  const cwd = tempDir('oauth-login-eval-');
  const { stdout } = await promisify(execFile)(shell, ['-c', script, shell, ...args], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
  });
  return { stdout, created: readdirSync(cwd) };
}
