import { createHmac } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { type Answer, toLoginError } from '../error-mapping.js';
import { oauthOptions } from '../oauth-client.js';
import { mapProfile, type Profile } from '../profile.js';
import type { ResolvedProvider } from '../providers/types.js';
import { refusalInJson } from '../refusal.js';
import { answerOf } from '../transport.js';

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
    const what = 'the userinfo request';
    let answer: Answer | undefined;
    try {
      const response = await oauth.userInfoRequest(as, client, accessToken, oauthOptions(signal, what));
      answer = await answerOf(response);
      const info = await oauth.processUserInfoResponse(as, client, claims.sub, response);
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
      throw toLoginError(err, what, answer);
    }
  }
  // A resource's token is for that resource alone (RFC 8707), not for a profile API: the ID token names the person
  // when there is one, else the login has no person's name.
  if (s.resource && !s.profile_url) return mapProfile('oidc', { sub: claims?.sub ?? 'default' });
  if (!s.profile_url)
    throw new LoginError('missing_profile_url', `Provider "${provider.name}" has no profile_url or userinfo endpoint.`);
  const raw = await getJson(profileUrl(s.profile_url, s, accessToken), accessToken, signal);
  if (s.emails_url && !raw.email) raw.email = await primaryEmail(s.emails_url, accessToken, signal);
  return mapProfile(s.profile ?? 'oidc', raw);
}

/** The profile URL, with Graph's appsecret_proof when the provider asks for it and a client secret is at hand. */
function profileUrl(url: string, s: ResolvedProvider['settings'], accessToken: string): string {
  if (s.profile_proof !== 'appsecret_proof' || !s.client_secret) return url;
  const proofed = new URL(url);
  proofed.searchParams.set('appsecret_proof', createHmac('sha256', s.client_secret).update(accessToken).digest('hex'));
  return proofed.href;
}

async function getJson(url: string, accessToken: string, signal: AbortSignal): Promise<Json> {
  const headers = new Headers({ accept: 'application/json' });
  const what = 'the profile request';
  let response: Response;
  try {
    const options = oauthOptions(signal, what);
    response = await oauth.protectedResourceRequest(accessToken, 'GET', new URL(url), headers, null, options);
  } catch (err) {
    throw toLoginError(err, what);
  }
  if (!response.ok) {
    const said = refusalInJson(await response.text().catch(() => ''));
    throw new LoginError(
      'profile_request_failed',
      `The profile request to ${new URL(url).origin} failed with HTTP ${response.status}${said ? `: ${said}` : '.'}`,
      {
        hint: 'The token may lack the scope needed to read the profile.',
      },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
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
