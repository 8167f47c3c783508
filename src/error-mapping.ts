import { type ErrorCode, LoginError } from './errors.js';
import { refusalInJson } from './refusal.js';
import { excerpt, maskTokens, terminalSafe } from './sanitize.js';

/** What a provider answered (transport.ts answerOf), so an error can quote a short, sanitized excerpt of it. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

interface CodedError {
  code?: unknown;
  message: string;
  error?: unknown;
  status?: unknown;
  cause?: unknown;
  error_description?: unknown;
}

/**
 * The provider's error_description (RFC 6749 §5.2), which often is the only "why" (Entra ID's AADSTS… texts):
 * terminal-safe, short, token-like runs masked in case it echoes a credential back.
 */
function described(description: unknown): string {
  if (typeof description !== 'string' || !description.trim()) return '';
  return `: ${maskTokens(terminalSafe(description.trim(), 240))}`;
}

const TAMPERED = 'Nothing was stored. The provider is misbehaving or a response was tampered with.';

// Why an ID token claim was refused, by claim (oauth4webapi's JWT_CLAIM_COMPARISON names the claim in its cause).
const CLAIM_MISMATCH: Record<string, string> = {
  iss: 'names another issuer than the provider',
  aud: 'is meant for another client (audience)',
  azp: 'names another authorized party',
  nonce: 'does not belong to this sign-in (a replayed or injected token)',
  sub: 'names another user',
};

export const CLOCK_HINT =
  "Check that this computer's clock is right (automatic time / NTP); if it is, the provider's clock is off.";

/**
 * Turns anything thrown (oauth4webapi's coded errors, fetch failures, our own) into a LoginError. `answer`, when the
 * caller took it from the answer (transport.ts answerOf), lets a malformed answer be quoted. oauth4webapi messages never
 * contain token values, so they are safe to show; anything else from outside goes through terminalSafe or excerpt.
 */
export function toLoginError(err: unknown, what = 'the request', answer?: Answer): LoginError {
  if (err instanceof LoginError) return err;
  if (!(err instanceof Error))
    return new LoginError('unexpected', `Unexpected failure during ${what}: ${terminalSafe(err)}`);
  const e = err as Error & CodedError;
  const fault = providerFault(e, what, answer);
  if (fault) return fault;
  switch (e.code) {
    case 'OAUTH_RESPONSE_BODY_ERROR':
      return new LoginError(
        'provider_error',
        `The provider refused ${what}: ${terminalSafe(e.error, 80)} (HTTP ${e.status})${described(e.error_description)}`,
        {
          hint:
            e.error === 'invalid_client'
              ? 'Check the client id and how the client authenticates (its secret, key or assertion).'
              : 'Check the client id/secret and that the redirect URI is registered exactly as shown.',
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
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
    case 'OAUTH_INVALID_RESPONSE':
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
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
  // The transport names its own limit (transport.ts); this is for a timeout of a library's own.
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new LoginError('network_timeout', `The provider did not answer ${what} in time.`, {
      hint: 'Check your network connection and the provider URL, then try again.',
      cause: err,
    });
  }
  if (e.message === 'fetch failed') {
    const detail = e.cause instanceof Error ? terminalSafe(e.cause.message) : 'network error';
    return new LoginError('network_error', `Could not reach the provider during ${what}: ${detail}`, {
      hint: 'Check your network connection and the provider URL.',
      cause: err,
    });
  }
  return new LoginError('unexpected', `Unexpected failure during ${what}: ${terminalSafe(e.message)}`, { cause: err });
}

/** The oauth4webapi failures that get a message of their own: a broken answer, a refused ID token, a skewed clock. */
function providerFault(e: Error & CodedError, what: string, answer: Answer | undefined): LoginError | undefined {
  const fail = (code: ErrorCode, message: string, hint: string) => new LoginError(code, message, { hint, cause: e });
  const endpoints = 'Check the endpoint URLs of this provider.';
  const quote = answer ? ` (HTTP ${answer.status}, ${terminalSafe(answer.contentType || 'no content type', 60)})` : '';
  const cause = e.cause as { claim?: unknown; header?: { alg?: unknown } } | undefined;
  switch (e.code) {
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
    case 'OAUTH_PARSE_ERROR': {
      // A refusal without a JSON body (Glewlwyd: 403, empty) is about the status, not about the format.
      const status = answer?.status ?? (e.cause instanceof Response ? e.cause.status : undefined);
      if (status !== undefined && status >= 400) return unexpectedStatus(status, what, answer, e);
      return fail(
        'bad_response',
        `The provider's answer to ${what} is not JSON${answer ? `${quote}: ${excerpt(answer.text)}` : '.'}`,
        endpoints,
      );
    }
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      return e.cause instanceof Response ? unexpectedStatus(e.cause.status, what, answer, e) : undefined;
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED': {
      const claim = String(cause?.claim);
      const why = CLAIM_MISMATCH[claim] ?? 'has an unexpected value';
      return fail(
        'id_token_claim_mismatch',
        `The ID token was rejected: its "${terminalSafe(claim, 20)}" claim ${why}.`,
        TAMPERED,
      );
    }
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return clockError(e);
    case 'OAUTH_INVALID_RESPONSE':
      // `null` or `[]` instead of a JSON object.
      if (answer && !jsonObject(answer.text))
        return fail(
          'bad_response',
          `The provider's answer to ${what} is not a JSON object${quote}: ${excerpt(answer.text)}`,
          endpoints,
        );
      // oauth4webapi refuses an ID token whose "alg" the provider does not advertise, "none" included.
      if (e.message.startsWith('unexpected JWT "alg"')) {
        const alg = terminalSafe(cause?.header?.alg, 20);
        return fail(
          'id_token_bad_signature',
          `The ID token is signed with alg "${alg}", which the provider does not advertise.`,
          TAMPERED,
        );
      }
      return undefined;
    default:
      return undefined;
  }
}

/** A JSON object's fields, or undefined when the text is not one (not JSON, or an array, a string, null). */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A status other than the expected one. Redirects are never followed: they would carry the code, secret or token. */
function unexpectedStatus(status: number, what: string, answer: Answer | undefined, cause: unknown): LoginError {
  const redirect = status >= 300 && status < 400;
  const words = answer && (refusalInJson(answer.text) ?? excerpt(answer.text));
  const detail = redirect ? ' (a redirect, not followed).' : answer?.text.trim() ? `: ${words}` : '.';
  const empty = !redirect && !answer?.text.trim() ? ' and an empty body.' : detail;
  return new LoginError('bad_status', `The provider answered ${what} with HTTP ${status}${empty}`, {
    hint: redirect
      ? 'Check the endpoint URLs of this provider: credentials are never sent on to another URL.'
      : statusHint(status),
    cause,
  });
}

/** What an HTTP status most likely means here, and what to do about it. */
function statusHint(status: number): string {
  if (status === 401 || status === 403)
    return 'The provider refused this client: check the client id and secret, the client authentication method ("token_auth"), and that the client may use this grant.';
  if (status === 404 || status === 405) return 'Nothing answers there: check the endpoint URLs of this provider.';
  if (status === 429) return 'The provider is rate-limiting: wait a moment and try again.';
  if (status >= 500) return 'The provider has a problem: try again later.';
  return 'The provider may be misconfigured: check its endpoint URLs and the client registration.';
}

/** oauth4webapi's exp/nbf checks: by how much, against which leeway, and that a wrong clock is the usual cause. */
function clockError(e: Error & CodedError): LoginError {
  const c = (e.cause ?? {}) as { claim?: string; now?: number; tolerance?: number; claims?: Record<string, unknown> };
  const off = Math.abs(Math.round(Number(c.claims?.[c.claim ?? '']) - (c.now ?? 0)));
  const what =
    c.claim === 'exp'
      ? `has expired: its "exp" is ${off} s before this computer's time`
      : `is not valid yet: its "${terminalSafe(c.claim, 20)}" is ${off} s after this computer's time`;
  return new LoginError('clock_skew', `The ID token ${what} (allowed difference: ${c.tolerance ?? 0} s).`, {
    hint: CLOCK_HINT,
    cause: e,
  });
}
