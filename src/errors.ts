import { shellWord } from './shell-quote.js';
import { ERROR_CODES, type ErrorCode, ExitCode, type ExitCodeName } from './error-codes.js';

export { ERROR_CODES, type ErrorCode, ExitCode, type ExitCodeName };

/** The one error type commands throw. `code` is stable (tests and scripts may match it); `hint` says what to do next. */
export class LoginError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { exit?: ExitCodeName; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'LoginError';
    this.code = code;
    this.exitCode = ExitCode[options.exit ?? 'error'];
    this.hint = options.hint;
  }
}

/** The OAuth error code (`invalid_grant`, …) a provider refused with, when that is what the error is. */
/** A LoginError may wrap another one (a hint added on the way up): what the provider said is at the bottom. */
export function bottomCause(err: unknown): unknown {
  let cause = err;
  for (let depth = 0; cause instanceof LoginError && depth < 5; depth++) cause = cause.cause;
  return cause;
}

export function oauthErrorOf(err: unknown): string | undefined {
  const error = (bottomCause(err) as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' ? error : undefined;
}

/** The one error for "no usable token": exit code 4 and the command that fixes it. */
export function needsLogin(entry: { provider: string; account: string }, why: string, loginArgs = ''): LoginError {
  return new LoginError('needs_login', `No valid token for ${entry.provider} (${entry.account}): ${why}.`, {
    exit: 'needsLogin',
    hint: `Run: oauth-login login ${shellWord(entry.provider)}${loginArgs}`,
  });
}
