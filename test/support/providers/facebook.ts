// Facebook Login as "Manually Build a Login Flow" and the Graph API documentation describe it. The Login dialog
// (www.facebook.com/vX/dialog/oauth: client_id, redirect_uri, state, scope) sends the browser back with code and
// state, or with error=access_denied&error_reason=user_denied when the person cancels, and the redirect carries a
// `#_=_` fragment. /oauth/access_token takes client_id, client_secret, the dialog's exact redirect_uri and the code
// (once), in the query or the body, and answers JSON {access_token, token_type, expires_in}, no refresh token. Graph
// `me?fields=…` answers only the fields asked for, the picture as picture.data.url, and no email when the person
// declined that permission. Every error is Graph's {"error":{"message","type","code","fbtrace_id"}} with HTTP 400.
// With "Require App Secret" on, each Graph call needs appsecret_proof = hex HMAC-SHA256 of the token, keyed by the
// app secret; a wrong proof is refused either way.
import { createHash, createHmac } from 'node:crypto';
import { fakeNetwork, type Seen } from './network.js';

const GRAPH = 'https://graph.facebook.com';
export const PICTURE = 'https://platform-lookaside.fbsbx.example/platform/profilepic/?asid=10223&height=50';

export interface FacebookOptions {
  appId: string;
  appSecret: string;
  /** The person unticked "email" in the dialog. */
  declineEmail?: boolean;
  /** The app's "Require App Secret" setting. */
  requireAppSecret?: boolean;
}

export const graphError = (message: string, type: string, code: number, status = 400) =>
  Response.json({ error: { message, type, code, fbtrace_id: 'AbCdEfGhIjK' } }, { status });

interface Grant {
  redirectUri: string;
  challenge?: string;
  scope: string[];
}

export function facebook(o: FacebookOptions, version = 'v21.0') {
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, string[]>();
  let n = 0;
  const param = (req: Seen, name: string) => req.url.searchParams.get(name) ?? req.body.get(name);
  const net = fakeNetwork({
    [`${GRAPH}/${version}/oauth/access_token`]: (req) => {
      if (param(req, 'client_id') !== o.appId)
        return graphError('Error validating application.', 'OAuthException', 101);
      if (param(req, 'client_secret') !== o.appSecret)
        return graphError('Error validating client secret.', 'OAuthException', 1);
      const code = param(req, 'code') ?? '';
      const grant = codes.get(code);
      codes.delete(code);
      if (!grant) return graphError('This authorization code has been used.', 'OAuthException', 100);
      if (param(req, 'redirect_uri') !== grant.redirectUri)
        return graphError(
          'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
          'OAuthException',
          100,
        );
      const verifier = param(req, 'code_verifier');
      if (
        grant.challenge &&
        createHash('sha256')
          .update(verifier ?? '')
          .digest('base64url') !== grant.challenge
      )
        return graphError('Invalid code verifier.', 'OAuthException', 100);
      const token = `EAAGm0PX4ZCpsBA${++n}`;
      tokens.set(token, grant.scope);
      return Response.json({ access_token: token, token_type: 'bearer', expires_in: 5183944 });
    },
    [`${GRAPH}/${version}/me`]: (req) => {
      const token = /^Bearer (.+)$/.exec(req.headers.get('authorization') ?? '')?.[1] ?? param(req, 'access_token');
      const scope = token ? tokens.get(token) : undefined;
      if (!token || !scope)
        return graphError('Invalid OAuth access token - Cannot parse access token', 'OAuthException', 190);
      const proof = req.url.searchParams.get('appsecret_proof');
      if (proof !== null && proof !== createHmac('sha256', o.appSecret).update(token).digest('hex'))
        return graphError('Invalid appsecret_proof provided in the API argument', 'GraphMethodException', 100);
      if (proof === null && o.requireAppSecret)
        return graphError('API calls from the server require an appsecret_proof argument', 'GraphMethodException', 100);
      const person: Record<string, unknown> = {
        id: '10223877000000001',
        name: 'Ada Lovelace',
        email: 'ada@facebook.example',
        picture: { data: { height: 50, is_silhouette: false, url: PICTURE, width: 50 } },
      };
      if (!scope.includes('email')) delete person.email;
      // Only the fields asked for; `id` when none are.
      const fields = (req.url.searchParams.get('fields') ?? 'id').split(',');
      return Response.json(Object.fromEntries(fields.filter((f) => f in person).map((f) => [f, person[f]])));
    },
  });

  /** The Login dialog in the person's browser: where it sends them back (approved, or cancelled). */
  function dialog(url: URL, choice: 'approve' | 'cancel' = 'approve'): string {
    const q = url.searchParams;
    if (url.origin !== 'https://www.facebook.com' || url.pathname !== `/${version}/dialog/oauth`)
      throw new Error(`not the Login dialog: ${url.origin}${url.pathname}`);
    if (q.get('client_id') !== o.appId) throw new Error('the dialog shows "Invalid App ID"');
    const back = new URL(q.get('redirect_uri') ?? '');
    const state = q.get('state');
    if (state) back.searchParams.set('state', state);
    if (choice === 'cancel') {
      back.search = new URLSearchParams({
        error: 'access_denied',
        error_code: '200',
        error_description: 'Permissions error',
        error_reason: 'user_denied',
        ...(state ? { state } : {}),
      }).toString();
    } else {
      const code = `AQD${++n}code`;
      const scope = (q.get('scope') ?? '').split(/[ ,]+/).filter((s) => s !== 'email' || !o.declineEmail);
      codes.set(code, {
        redirectUri: q.get('redirect_uri') ?? '',
        challenge: q.get('code_challenge') ?? undefined,
        scope,
      });
      back.searchParams.set('code', code);
    }
    back.hash = '_=_';
    return back.href;
  }
  return { net, dialog };
}
