import type { LoginError } from '../../src/errors.js';
import type { CommandIo } from '../../src/io.js';
import type { Ui } from '../../src/ui.js';

/** What a command said, by channel: stdout data, and every stderr message with its kind. */
export interface Recording {
  stdout: string[];
  said: { kind: 'info' | 'success' | 'warn' | 'notice' | 'error' | 'prompt' | 'waiting'; text: string }[];
  /** Every stderr message, one per line, for regex checks. */
  stderrText(): string;
}

/** A Ui that writes nothing and remembers everything. */
export function recordingUi(said: Recording['said'] = []): Ui {
  return {
    info: (text) => said.push({ kind: 'info', text }),
    success: (text) => said.push({ kind: 'success', text }),
    warn: (text) => said.push({ kind: 'warn', text }),
    notice: (text) => said.push({ kind: 'notice', text }),
    error: (err: LoginError) => said.push({ kind: 'error', text: err.message }),
    prompt: (text) => said.push({ kind: 'prompt', text }),
    waiting: (text) => {
      said.push({ kind: 'waiting', text });
      return { stop() {} };
    },
  };
}

/** A CommandIo for running a command in-process: a recording Ui, a collected stdout, the given environment. */
export function recordingIo(env: NodeJS.ProcessEnv, signal = new AbortController().signal): CommandIo & Recording {
  const stdout: string[] = [];
  const said: Recording['said'] = [];
  return {
    ui: recordingUi(said),
    env,
    signal,
    out: (text) => stdout.push(text),
    stdout,
    said,
    stderrText: () => said.map((s) => s.text).join('\n'),
  };
}
