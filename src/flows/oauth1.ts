import { LoginError } from '../errors.js';
import { type Callback, startLoopback } from '../loopback.js';
import type { Page } from '../pages.js';
import { mapProfile } from '../profile.js';
import { envPrefix } from '../providers/env-prefix.js';
import type { OAuth1Settings, ResolvedProvider } from '../providers/types.js';
import { sameSecret } from './auth-code.js';
import { showAuthorizationUrl } from './show-url.js';
import { getSignedJson, type Oauth1Step, postForCredentials } from './oauth1-http.js';
import type { Oauth1Credentials } from './oauth1-sign.js';
import { replyFailed, replySignedIn } from './finish.js';
import type { Flow, FlowContext, Oauth1Result } from './types.js';

interface TokenPair {
  token: string;
  secret: string;
}

/**
 * Decides which callback requests answer *our* authorization: the temporary token must come back (as oauth_token,
 * or as denied= when the user cancels at Twitter), and an approval must carry its verifier. Anything else, including
 * a request that arrives before the temporary token exists, gets a 400 and the listener keeps waiting.
 */
export function acceptOauth1Callback(expectedToken: () => string | undefined) {
  return (params: URLSearchParams): Page | undefined => {
    const expected = expectedToken();
    const denied = params.has('denied');
    if (expected === undefined || !sameSecret(params.get(denied ? 'denied' : 'oauth_token'), expected)) {
      return {
        status: 400,
        title: 'Unknown sign-in response',
        message: 'This response does not belong to the sign-in in progress.',
      };
    }
    if (!denied && !params.get('oauth_verifier')) {
      return { status: 400, title: 'Incomplete sign-in response', message: 'The response carries no verifier.' };
    }
    return undefined;
  };
}

/** Three-legged OAuth 1.0a (RFC 5849 §2) through the same loopback listener, browser opener and pages as OAuth 2.0. */
export const oauth1Flow: Flow = async (resolved, ctx) => {
  const provider = oauth1Provider(resolved);
  const consumer = consumerOf(provider);
  let temporary: TokenPair | undefined;
  const loopback = await startLoopback({
    redirectUri: new URL(provider.settings.redirect_uri),
    accept: acceptOauth1Callback(() => temporary?.token),
    signal: ctx.signal,
    onRejected: (why) => ctx.ui.warn(`Ignored a request to the callback listener (${why}); still waiting.`),
  });
  try {
    // The callback goes out with the real port, so the listener has to be up first.
    temporary = await requestTemporaryCredentials(provider, consumer, loopback.redirectUri, ctx.signal);
    const url = new URL(provider.settings.authorize_url);
    url.searchParams.set('oauth_token', temporary.token);
    await showAuthorizationUrl(url.href, ctx, loopback);
    const spinner = ctx.ui.waiting('Waiting for you to finish signing in in the browser…', ctx.deadline);
    let callback: Callback;
    try {
      callback = await loopback.callback;
    } finally {
      spinner.stop();
    }
    return await completeLogin(provider, consumer, temporary, callback, ctx);
  } finally {
    await loopback.close();
  }
};

type Oauth1Provider = ResolvedProvider<OAuth1Settings>;

function oauth1Provider({ name, settings }: ResolvedProvider): Oauth1Provider {
  if (settings.protocol !== 'oauth1') throw new LoginError('unsupported_flow', `${name} does not use OAuth 1.0a.`);
  return { name, settings };
}

/** OAuth 1.0a signs every request with the consumer secret, so unlike a public OAuth 2.0 client it cannot go without. */
function consumerOf(provider: Oauth1Provider): Oauth1Credentials {
  const { client_id, client_secret } = provider.settings;
  if (!client_secret) {
    throw new LoginError('missing_client_secret', `No consumer secret ("API key secret") for "${provider.name}".`, {
      hint: `OAuth 1.0a signs every request with it: pass --client-secret-stdin, set ${envPrefix(provider.name)}CLIENT_SECRET, or add "client_secret" under providers.${provider.name} in the config file.`,
    });
  }
  return { consumerKey: client_id, consumerSecret: client_secret };
}

function step(what: string, redirectUri?: string): Oauth1Step {
  const callback = redirectUri ? `, that the app allows the callback URL ${redirectUri}` : '';
  return {
    what,
    hint: `Check the consumer key and secret${callback}, and this machine's clock (signatures carry a timestamp).`,
  };
}

async function requestTemporaryCredentials(
  provider: Oauth1Provider,
  consumer: Oauth1Credentials,
  redirectUri: string,
  signal: AbortSignal,
): Promise<TokenPair> {
  const { token, secret, form } = await postForCredentials(
    provider.settings.request_token_url,
    consumer,
    { oauth_callback: redirectUri },
    signal,
    step('the request-token request', redirectUri),
  );
  // RFC 5849 §2.1: without this the provider speaks OAuth 1.0 before the "a" revision, open to session fixation.
  // Case-insensitive: Authlib's OAuth 1 server says "True".
  if (form.get('oauth_callback_confirmed')?.toLowerCase() !== 'true') {
    throw new LoginError(
      'callback_not_confirmed',
      `${provider.name} did not confirm the callback URL (no oauth_callback_confirmed=true), so no browser was opened.`,
      { hint: 'The provider ignored oauth_callback or does not speak OAuth 1.0a: check request_token_url.' },
    );
  }
  return { token, secret };
}

async function completeLogin(
  provider: Oauth1Provider,
  consumer: Oauth1Credentials,
  temporary: TokenPair,
  callback: Callback,
  ctx: FlowContext,
): Promise<Oauth1Result> {
  const s = provider.settings;
  try {
    if (callback.params.has('denied')) {
      throw new LoginError('access_denied', 'Sign-in was cancelled or denied at the provider.', {
        exit: 'cancelled',
        hint: 'Run the command again to retry.',
      });
    }
    const verifier = callback.params.get('oauth_verifier') ?? ''; // acceptOauth1Callback let none through without it
    const access = await postForCredentials(
      s.access_token_url,
      { ...consumer, token: temporary.token, tokenSecret: temporary.secret },
      { oauth_verifier: verifier },
      ctx.signal,
      step('the access-token request'),
    );
    const raw = await getSignedJson(
      s.profile_url,
      { ...consumer, token: access.token, tokenSecret: access.secret },
      ctx.signal,
      step('the profile request'),
    );
    const profile = mapProfile(s.profile ?? 'oidc', raw);
    await replySignedIn(callback, profile);
    return {
      kind: 'oauth1',
      provider: provider.name,
      profile,
      // OAuth 1.0a token credentials do not expire: they last until the user revokes the app.
      tokens: { access_token: access.token, token_secret: access.secret, token_type: 'OAuth' },
      server: { token_endpoint: s.access_token_url },
    };
  } catch (err) {
    throw await replyFailed(callback, err);
  }
}
