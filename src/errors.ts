import { terminalSafe } from './sanitize.js';

/** Exit codes are part of the public interface: the README documents them and scripts depend on them. */
export const ExitCode = {
  ok: 0,
  error: 1,
  cancelled: 2,
  timeout: 3,
  needsLogin: 4,
  sigint: 130,
  sigterm: 143,
} as const;

export type ExitCodeName = keyof typeof ExitCode;

/** The one error type commands throw. `code` is stable (tests and scripts may match it); `hint` says what to do next. */
export class LoginError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { exit?: ExitCodeName; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'LoginError';
    this.code = code;
    this.exitCode = ExitCode[options.exit ?? 'error'];
    this.hint = options.hint;
  }
}

interface CodedError {
  code?: unknown;
  message: string;
  error?: unknown;
  status?: unknown;
  cause?: unknown;
}

/**
 * Turns anything thrown (oauth4webapi's coded errors, fetch failures, our own) into a LoginError.
 * oauth4webapi messages never contain token values, so they are safe to show.
 */
export function toLoginError(err: unknown, what = 'the request'): LoginError {
  if (err instanceof LoginError) return err;
  if (!(err instanceof Error)) return new LoginError('unexpected', `Unexpected failure during ${what}: ${String(err)}`);
  const e = err as Error & CodedError;
  switch (e.code) {
    case 'OAUTH_RESPONSE_BODY_ERROR':
      return new LoginError(
        'provider_error',
        `The provider refused ${what}: ${terminalSafe(e.error, 80)} (HTTP ${e.status})`,
        {
          hint: 'Check the client id/secret and that the redirect URI is registered exactly as shown.',
          cause: err,
        },
      );
    case 'OAUTH_WWW_AUTHENTICATE_CHALLENGE': {
      const challenges = Array.isArray(e.cause) ? (e.cause as { parameters?: { error?: string } }[]) : [];
      const error = challenges.find((c) => c.parameters?.error)?.parameters?.error ?? 'unauthorized';
      return new LoginError(
        'provider_error',
        `The provider refused ${what}: ${terminalSafe(error, 80)} (HTTP ${e.status})`,
        {
          hint: 'Check the client id and secret.',
          cause: err,
        },
      );
    }
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
    case 'OAUTH_PARSE_ERROR':
      return new LoginError('bad_response', `The provider answered ${what} with something that is not JSON.`, {
        hint: 'Check the endpoint URLs of this provider.',
        cause: err,
      });
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
    case 'OAUTH_INVALID_RESPONSE':
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
    case 'OAUTH_KEY_SELECTION_FAILED':
    case 'OAUTH_INVALID_SERVER_METADATA':
    case 'OAUTH_MISSING_SERVER_METADATA':
    case 'OAUTH_UNSUPPORTED_OPERATION':
      return new LoginError('invalid_response', `The provider's answer to ${what} failed validation: ${e.message}`, {
        hint: 'Nothing was stored. If this persists, the provider or its configuration is misbehaving.',
        cause: err,
      });
    case 'OAUTH_HTTP_REQUEST_FORBIDDEN':
    case 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN':
      return new LoginError(
        'insecure_url',
        `Refused a plain-http request during ${what}: only https (or http on loopback) is allowed.`,
        {
          cause: err,
        },
      );
    default:
      break;
  }
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new LoginError('network_timeout', `The provider did not answer ${what} in time.`, {
      hint: 'Check your network connection and the provider URL, then try again.',
      cause: err,
    });
  }
  if (e.message === 'fetch failed') {
    const detail = e.cause instanceof Error ? e.cause.message : 'network error';
    return new LoginError('network_error', `Could not reach the provider during ${what}: ${detail}`, {
      hint: 'Check your network connection and the provider URL.',
      cause: err,
    });
  }
  return new LoginError('unexpected', `Unexpected failure during ${what}: ${e.message}`, { cause: err });
}

/** The one error for "no usable token": exit code 4 and the command that fixes it. */
export function needsLogin(entry: { provider: string; account: string }, why: string): LoginError {
  return new LoginError('needs_login', `No valid token for ${entry.provider} (${entry.account}): ${why}.`, {
    exit: 'needsLogin',
    hint: `Run: oauth-login login ${entry.provider}`,
  });
}
