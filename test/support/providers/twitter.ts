// Twitter / X OAuth 1.0a as its documentation describes it ("3-legged OAuth", "Authorizing a request", "Creating a
// signature"): POST oauth/request_token with oauth_callback answers oauth_token, oauth_token_secret and
// oauth_callback_confirmed=true; the person approves at oauth/authorize?oauth_token=… and comes back with that token
// and an oauth_verifier (or denied=<token>); POST oauth/access_token with the verifier, signed with the temporary
// token, answers the user's token credentials with user_id and screen_name; 1.1/account/verify_credentials.json
// answers the user. EVERY request's HMAC-SHA1 signature is checked (oauth1-verify.ts, from RFC 5849 alone), as are
// the timestamp and the nonce: a wrong one is 401 {"errors":[{"code":32,"message":"Could not authenticate you."}]}.
import { fakeNetwork, type Seen } from './network.js';
import { baseString, hmacSha1, parseAuthorization, sameSignature } from './oauth1-verify.js';

const API = 'https://api.twitter.com';
const twitterError = (code: number, message: string) => Response.json({ errors: [{ code, message }] }, { status: 401 });
const form = (fields: Record<string, string>) =>
  new Response(new URLSearchParams(fields).toString(), { headers: { 'content-type': 'text/html; charset=utf-8' } });

type Verified = { refused: Response; oauth?: undefined } | { refused?: undefined; oauth: Record<string, string> };

export interface Checked {
  path: string;
  ok: boolean;
}

export function twitter(consumerKey: string, consumerSecret: string) {
  const temporary = new Map<string, { secret: string; callback: string; verifier?: string }>();
  const access = new Map<string, string>();
  const nonces = new Set<string>();
  const checked: Checked[] = [];
  let n = 0;

  /** The signed request's protocol parameters when its signature holds for these token secrets, else a 401. */
  function verify(req: Seen, tokenSecret: (token: string | undefined) => string | undefined): Verified {
    const oauth = parseAuthorization(req.headers.get('authorization'));
    const fail = (code: number, message: string): Verified => {
      checked.push({ path: req.url.pathname, ok: false });
      return { refused: twitterError(code, message) };
    };
    if (!oauth || oauth.oauth_consumer_key !== consumerKey) return fail(32, 'Could not authenticate you.');
    if (oauth.oauth_signature_method !== 'HMAC-SHA1' || (oauth.oauth_version ?? '1.0') !== '1.0')
      return fail(32, 'Could not authenticate you.');
    if (Math.abs(Number(oauth.oauth_timestamp) - Date.now() / 1000) > 300 || !/^\d+$/.test(oauth.oauth_timestamp ?? ''))
      return fail(135, 'Timestamp out of bounds.');
    const secret = tokenSecret(oauth.oauth_token);
    if (secret === undefined) return fail(89, 'Invalid or expired token.');
    const base = baseString(req.method, req.url, oauth, req.body);
    if (!sameSignature(oauth.oauth_signature, hmacSha1(base, consumerSecret, secret)))
      return fail(32, 'Could not authenticate you.');
    if (!oauth.oauth_nonce || nonces.has(oauth.oauth_nonce)) return fail(32, 'Could not authenticate you.');
    nonces.add(oauth.oauth_nonce);
    checked.push({ path: req.url.pathname, ok: true });
    return { oauth };
  }

  const net = fakeNetwork({
    [`${API}/oauth/request_token`]: (req) => {
      const v = verify(req, (token) => (token === undefined ? '' : undefined));
      if (v.refused) return v.refused;
      const callback = v.oauth.oauth_callback;
      if (!callback) return twitterError(32, 'Could not authenticate you.');
      const token = `tmp-${++n}-Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik`;
      temporary.set(token, { secret: `tmps-${n}-Kd75W4OQfb2oJTV0vzGzeXftVAwgMnEK9MumzYcM`, callback });
      const entry = temporary.get(token);
      return form({ oauth_token: token, oauth_token_secret: entry?.secret ?? '', oauth_callback_confirmed: 'true' });
    },
    [`${API}/oauth/access_token`]: (req) => {
      const v = verify(req, (token) => (token === undefined ? undefined : temporary.get(token)?.secret));
      if (v.refused) return v.refused;
      const token = v.oauth.oauth_token ?? '';
      const entry = temporary.get(token);
      const verifier = v.oauth.oauth_verifier ?? req.url.searchParams.get('oauth_verifier');
      temporary.delete(token); // a temporary token is good for one exchange
      if (!entry?.verifier || verifier !== entry.verifier) return twitterError(89, 'Invalid or expired token.');
      const user = `6253282-ae${++n}Kd75W4OQfb2oJTV0vzGzeXft`;
      access.set(user, `user-secret-${n}-fV0vzGzeXftVAwgMnEK9MumzYcM`);
      return form({
        oauth_token: user,
        oauth_token_secret: access.get(user) ?? '',
        user_id: '6253282',
        screen_name: 'TwitterAPI',
      });
    },
    [`${API}/1.1/account/verify_credentials.json`]: (req) => {
      const v = verify(req, (token) => (token === undefined ? undefined : access.get(token)));
      if (v.refused) return v.refused;
      const email = req.url.searchParams.get('include_email') === 'true' ? { email: 'api@twitter.example' } : {};
      return Response.json({
        id: 6253282,
        id_str: '6253282',
        name: 'Twitter API',
        screen_name: 'TwitterAPI',
        profile_image_url_https: 'https://pbs.twimg.example/profile_images/942858479592554497/BbazLO9L_normal.jpg',
        ...email,
      });
    },
  });

  /** The person at oauth/authorize in the browser: where Twitter sends them back (approved, or cancelled). */
  function authorize(url: URL, choice: 'approve' | 'cancel' = 'approve'): string {
    if (`${url.origin}${url.pathname}` !== `${API}/oauth/authorize`)
      throw new Error(`not oauth/authorize: ${url.href}`);
    const token = url.searchParams.get('oauth_token') ?? '';
    const entry = temporary.get(token);
    if (!entry) throw new Error('Twitter shows "This page is no longer valid"');
    const back = new URL(entry.callback);
    if (choice === 'cancel') back.searchParams.set('denied', token);
    else {
      entry.verifier = `verifier-${++n}-vVoFTSKjFeGpvPXc`;
      back.searchParams.set('oauth_token', token);
      back.searchParams.set('oauth_verifier', entry.verifier);
    }
    return back.href;
  }

  /** Whether Twitter would accept this Authorization header for this request (e.g. one made by `sign`). */
  function accepts(method: string, url: string, authorization: string): boolean {
    const req = { url: new URL(url), method, headers: new Headers({ authorization }), body: new URLSearchParams() };
    return verify(req, (token) => (token === undefined ? undefined : access.get(token))).refused === undefined;
  }
  return { net, authorize, accepts, checked };
}
