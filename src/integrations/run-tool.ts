import { childEnv } from '../child-env.js';
import { execFile } from 'node:child_process';
import { LoginError } from '../errors.js';
import { terminalSafe } from '../sanitize.js';

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs git or kubectl (no shell: arguments stay data) and reports how it ended. A missing program is an error that
 * names it; a non-zero exit is the caller's to judge (`git config --get-all` exits 1 for "no such key").
 */
export function runTool(
  file: 'git' | 'kubectl',
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: childEnv(options.env), cwd: options.cwd, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') {
        reject(
          new LoginError(file === 'git' ? 'git_failed' : 'kubectl_failed', `${file} was not found on PATH.`, {
            hint:
              file === 'git' ? 'Install git.' : 'Install kubectl, or print the stanza with --print and add it by hand.',
          }),
        );
        return;
      }
      resolve({ code: typeof code === 'number' ? code : err ? 1 : 0, stdout, stderr });
    });
  });
}

/** The error for a tool that refused: its command and the first line of what it said. */
export function toolFailed(file: 'git' | 'kubectl', args: string[], run: ToolRun): LoginError {
  const said = terminalSafe(run.stderr.trim().split('\n')[0] || `exit code ${run.code}`);
  return new LoginError(
    file === 'git' ? 'git_failed' : 'kubectl_failed',
    `"${file} ${args.join(' ')}" failed: ${said}`,
    {
      hint:
        file === 'git'
          ? 'Check the git config file it names, then run the command again.'
          : 'Check the kubeconfig file, then run the command again.',
    },
  );
}
