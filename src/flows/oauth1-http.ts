import { LoginError } from '../errors.js';
import { refusalDetail } from '../refusal.js';
import { send as sendRequest } from '../transport.js';
import { type Oauth1Credentials, signRequest } from './oauth1-sign.js';

/** What a failed request says to the person: what was refused, and what to check. */
export interface Oauth1Step {
  what: string;
  hint: string;
}

/** Through the transport: a redirect is never followed, since it would replay a signature made for another URL. */
async function send(method: string, url: string, authorization: string, signal: AbortSignal, step: Oauth1Step) {
  const accept = 'application/json, application/x-www-form-urlencoded';
  const headers = { authorization, accept };
  const response = await sendRequest(url, { method, headers, what: step.what, signal });
  return { status: response.status, ok: response.ok, text: await response.text() };
}

function refused(step: Oauth1Step, status: number, body: string): LoginError {
  const detail = refusalDetail(body);
  return new LoginError(
    'provider_error',
    `The provider refused ${step.what} (HTTP ${status})${detail ? `: ${detail}` : '.'}`,
    { hint: step.hint },
  );
}

/** A signed POST to request_token_url or access_token_url; the answer is a form with the new token pair (RFC 5849 §2). */
export async function postForCredentials(
  url: string,
  credentials: Oauth1Credentials,
  oauth: Record<string, string>,
  signal: AbortSignal,
  step: Oauth1Step,
): Promise<{ token: string; secret: string; form: URLSearchParams }> {
  const { authorization } = await signRequest({ method: 'POST', url, oauth }, credentials);
  const response = await send('POST', url, authorization, signal, step);
  if (!response.ok) throw refused(step, response.status, response.text);
  const form = new URLSearchParams(response.text);
  const token = form.get('oauth_token');
  const secret = form.get('oauth_token_secret');
  // Printable ASCII only: `token` prints these raw (--format env may be eval'ed), so no newline or escape may pass.
  if (!token || !secret || ![token, secret].every((v) => /^[\x21-\x7e]+$/.test(v))) {
    throw new LoginError(
      'bad_response',
      `The provider's answer to ${step.what} holds no usable oauth_token and oauth_token_secret.`,
      { hint: 'Check that the endpoint URLs point at an OAuth 1.0a provider.' },
    );
  }
  return { token, secret, form };
}

/** A signed GET of a JSON resource (the profile). */
export async function getSignedJson(
  url: string,
  credentials: Oauth1Credentials,
  signal: AbortSignal,
  step: Oauth1Step,
): Promise<Record<string, unknown>> {
  const { authorization } = await signRequest({ method: 'GET', url }, credentials);
  const response = await send('GET', url, authorization, signal, step);
  if (!response.ok) throw refused(step, response.status, response.text);
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {}
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new LoginError(
      'bad_response',
      `The provider answered ${step.what} with something that is not a JSON object.`,
      {
        hint: 'Check profile_url.',
      },
    );
  }
  return body as Record<string, unknown>;
}
