import type { ChildProcess } from 'node:child_process';

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Everything a child printed, and how it ended; the `…SoFar` readers work while it still runs. */
export function collect(child: ChildProcess): {
  done: Promise<Finished>;
  stdoutSoFar(): string;
  stderrSoFar(): string;
} {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => {
    stdout += c;
  });
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { done, stdoutSoFar: () => stdout, stderrSoFar: () => stderr };
}
