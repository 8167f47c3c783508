import * as oauth from 'oauth4webapi';
import { type Answer, LoginError, toLoginError } from '../errors.js';
import { httpOptions, readAnswer } from '../http.js';
import { mapProfile, type Profile } from '../profile.js';
import type { ResolvedProvider } from '../providers/types.js';

type Json = Record<string, unknown>;

/** The signed-in user, in our one shape: OIDC userinfo (sub must match the ID token), else the provider's profile API. */
export async function fetchProfile(
  provider: ResolvedProvider,
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  accessToken: string,
  claims: oauth.IDToken | undefined,
  signal: AbortSignal,
): Promise<Profile> {
  const s = provider.settings;
  if (s.protocol === 'oidc' && claims) {
    if (!as.userinfo_endpoint) return mapProfile('oidc', { ...claims });
    let answer: Answer | undefined;
    try {
      const raw = await oauth.userInfoRequest(as, client, accessToken, httpOptions(signal));
      // Read once, capped at 1 MiB, so a bad answer can be quoted (http.ts), as for the token endpoint.
      const read = await readAnswer(raw, 'the userinfo request');
      answer = read.answer;
      const info = await oauth.processUserInfoResponse(as, client, claims.sub, read.response);
      return mapProfile('oidc', { ...info });
    } catch (err) {
      if ((err as { code?: string }).code === oauth.JSON_ATTRIBUTE_COMPARISON) {
        throw new LoginError(
          'userinfo_subject_mismatch',
          'The userinfo "sub" differs from the ID token\'s: the profile was discarded.',
          {
            hint: 'Nothing was stored. The provider is misbehaving or a response was tampered with.',
            cause: err,
          },
        );
      }
      throw toLoginError(err, 'the userinfo request', answer);
    }
  }
  if (!s.profile_url)
    throw new LoginError('missing_profile_url', `Provider "${provider.name}" has no profile_url or userinfo endpoint.`);
  const raw = await getJson(s.profile_url, accessToken, signal);
  if (s.emails_url && !raw.email) raw.email = await primaryEmail(s.emails_url, accessToken, signal);
  return mapProfile(s.profile ?? 'oidc', raw);
}

async function getJson(url: string, accessToken: string, signal: AbortSignal): Promise<Json> {
  const headers = new Headers({ accept: 'application/json' });
  let response: Response;
  try {
    response = await oauth.protectedResourceRequest(
      accessToken,
      'GET',
      new URL(url),
      headers,
      null,
      httpOptions(signal),
    );
  } catch (err) {
    throw toLoginError(err, 'the profile request');
  }
  if (!response.ok) {
    throw new LoginError(
      'profile_request_failed',
      `The profile request to ${new URL(url).origin} failed with HTTP ${response.status}.`,
      {
        hint: 'The token may lack the scope needed to read the profile.',
      },
    );
  }
  const { answer } = await readAnswer(response, 'the profile request');
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  if (body === null || typeof body !== 'object') {
    throw new LoginError('bad_response', `The profile request to ${new URL(url).origin} did not return a JSON object.`);
  }
  return body as Json;
}

/** GitHub hides the e-mail in /user unless it is public; /user/emails lists it with `primary` and `verified`. */
async function primaryEmail(url: string, accessToken: string, signal: AbortSignal): Promise<string | undefined> {
  const list = await getJson(url, accessToken, signal).catch(() => undefined);
  if (!Array.isArray(list)) return undefined;
  const primary = list.find((e) => e?.primary && e?.verified) as Json | undefined;
  return typeof primary?.email === 'string' ? primary.email : undefined;
}
