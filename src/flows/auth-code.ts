import { timingSafeEqual } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { toLoginError } from '../error-mapping.js';
import { type Callback, startLoopback } from '../loopback.js';
import type { Page } from '../pages.js';
import { acceptPastedUrls } from '../paste.js';
import { clientAuth, oauthClient, oauthOptions, withPostHint } from '../oauth-client.js';
import { discover, type Server } from '../providers/discover.js';
import type { ResolvedProvider } from '../providers/types.js';
import { loginFromTokens } from './token-result.js';
import { issuerForTokenResponse } from './tenant-issuer.js';
import { replyFailed, replySignedIn } from './finish.js';
import { authorizationUrl } from './auth-request.js';
import { processTokenResponse, validateResponse } from './auth-response.js';
import { showAuthorizationUrl } from './show-url.js';
import type { Flow, FlowContext, PersonResult } from './types.js';

/** Constant-time. Byte lengths, not string lengths: a non-ASCII value of the same length must not throw. */
export function sameSecret(a: string | null, b: string): boolean {
  if (a === null) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Decides which requests are the answer to *our* authorization request. Anything else gets a 400 and the listener
 * keeps waiting: a stray or forged request (even one carrying error=) must not end the login.
 */
export function acceptCallback(expectedState: string) {
  return (params: URLSearchParams): Page | undefined => {
    if (!sameSecret(params.get('state'), expectedState)) {
      return {
        status: 400,
        title: 'Unknown sign-in response',
        message: 'This response does not belong to the sign-in in progress.',
      };
    }
    // An empty code= is as good as none: refuse it here rather than end the login on it.
    if (!params.get('code') && !params.get('error')) {
      return {
        status: 400,
        title: 'Incomplete sign-in response',
        message: 'The response carries no authorization code.',
      };
    }
    return undefined;
  };
}

/** Authorization code + PKCE (S256) through a loopback redirect (RFC 8252), with state, nonce and RFC 9207 iss. */
export const authCodeFlow: Flow = async (provider, ctx) => {
  const s = provider.settings;
  const as = await discover(provider, ctx.signal, ['authorization_endpoint']);
  // The leeway on the ID token's exp/nbf/iat (id-token.ts checks iat and the signature with the same one).
  const client = oauthClient(s.client_id);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = s.protocol === 'oidc' ? oauth.generateRandomNonce() : undefined;
  const loopback = await startLoopback({
    redirectUri: new URL(s.redirect_uri),
    accept: acceptCallback(state),
    signal: ctx.signal,
    onRejected: (why) => ctx.ui.warn(`Ignored a request to the callback listener (${why}); still waiting.`),
  });
  try {
    const url = await authorizationUrl(as.authorization_endpoint, s, loopback.redirectUri, { state, verifier, nonce });
    const opened = await showAuthorizationUrl(url, ctx, loopback, ctx.paste !== undefined);
    const paste = ctx.paste ? acceptPastedUrls(ctx.paste, loopback, ctx.ui) : undefined;
    // Where the person may be typing into this terminal, the countdown must not redraw the line they type on.
    const typing = paste !== undefined && !opened;
    const text = typing
      ? 'Waiting for the browser, or the address pasted here…'
      : 'Waiting for you to finish signing in in the browser…';
    const spinner = ctx.ui.waiting(text, ctx.deadline, { still: typing });
    let callback: Callback;
    try {
      callback = await loopback.callback;
    } finally {
      spinner.stop();
      paste?.stop();
    }
    return await completeLogin(
      provider,
      as,
      client,
      callback,
      { state, verifier, nonce, redirectUri: loopback.redirectUri },
      ctx,
    );
  } finally {
    await loopback.close();
  }
};

interface Secrets {
  state: string;
  verifier: string;
  nonce: string | undefined;
  redirectUri: string;
}

async function completeLogin(
  provider: ResolvedProvider,
  as: Server,
  client: oauth.Client,
  callback: Callback,
  secrets: Secrets,
  ctx: FlowContext,
): Promise<PersonResult> {
  try {
    const params = validateResponse(as, client, callback.params, secrets.state, provider.settings);
    const what = 'the token request';
    const { redirectUri, verifier } = secrets;
    let response: Response;
    try {
      const auth = clientAuth(provider.settings);
      const resource = provider.settings.resource;
      const options = { ...oauthOptions(ctx.signal, what), additionalParameters: resource ? { resource } : undefined };
      response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier, options);
    } catch (err) {
      throw withPostHint(toLoginError(err, what), as, provider.settings);
    }
    const tokenAs = await issuerForTokenResponse(as, response);
    const oidc = provider.settings.protocol === 'oidc';
    const result = await processTokenResponse(tokenAs, client, response, secrets.nonce, oidc);
    const login = await loginFromTokens(provider, tokenAs, client, result, 'auth-code', ctx.signal);
    await replySignedIn(callback, login.profile);
    return login;
  } catch (err) {
    throw await replyFailed(callback, err);
  }
}
