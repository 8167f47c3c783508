import { LoginError } from '../errors.js';
import { type CommandIo, writeStdout } from '../io.js';
import { createUi } from '../ui.js';

/** Ctrl+C, SIGTERM and the deadline all abort the same signal; its reason is the error (and exit code) to report. */
function lifetime(timeoutSec: number | undefined) {
  const controller = new AbortController();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () =>
    controller.abort(
      new LoginError('interrupted', `Interrupted (${signal}); nothing was stored.`, {
        exit: signal === 'SIGINT' ? 'sigint' : 'sigterm',
      }),
    );
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
  if (timeoutSec !== undefined) {
    setTimeout(
      () =>
        controller.abort(
          new LoginError('timeout', `Timed out after ${timeoutSec} s waiting for the sign-in to finish.`, {
            exit: 'timeout',
            hint: 'Run the command again, or raise the limit with --timeout SEC.',
          }),
        ),
      timeoutSec * 1000,
    ).unref();
  }
  return controller.signal;
}

/** The process as a command sees it: stderr for people, stdout for data, the signal for Ctrl+C, SIGTERM, --timeout. */
export function processIo(options: { quiet?: boolean; timeout?: number } = {}): CommandIo {
  return {
    ui: createUi({ quiet: options.quiet }),
    env: process.env,
    signal: lifetime(options.timeout),
    out: writeStdout,
  };
}
