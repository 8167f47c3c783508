import * as oauth from 'oauth4webapi';
import { openBrowser } from '../browser.js';
import { toLoginError } from '../error-mapping.js';
import { clientAuth, oauthClient, oauthOptions } from '../oauth-client.js';
import { discover, type Server } from '../providers/discover.js';
import { assertEndpointUrl } from '../providers/urls.js';
import { terminalSafe } from '../sanitize.js';
import { type PollAnswer, pollForTokens } from './device-poll.js';
import { errorIn200 } from './error-in-200.js';
import { issuerForTokenResponse } from './tenant-issuer.js';
import { loginFromTokens } from './token-result.js';
import type { Flow, FlowContext } from './types.js';

interface Approved {
  /** The issuer the tokens are checked against (Microsoft's multi-tenant template, filled in). */
  as: Server;
  result: oauth.TokenEndpointResponse;
}

/**
 * Device Authorization Grant (RFC 8628), for machines with no browser: the person opens a short URL on any device
 * and types the code shown here, while we poll the token endpoint. No listener, nothing to paste.
 */
export const deviceFlow: Flow = async (provider, ctx) => {
  const s = provider.settings;
  const as = await discover(provider, ctx.signal, ['device_authorization_endpoint']);
  const client = oauthClient(s.client_id);
  const auth = clientAuth(s);
  // RFC 8707 on both requests of a URL login: the token is bound to the resource (RFC 8628 allows extra parameters).
  const resource = s.resource ? { resource: s.resource } : undefined;
  const code = await requestCode(as, client, auth, { scope: s.scope, ...resource }, ctx.signal);
  const now = ctx.clock?.now() ?? Date.now();
  const expiresAt = now + code.expires_in * 1000;
  await showCode(code, ctx);
  const spinner = ctx.ui.waiting('Waiting for you to enter the code and approve…', Math.min(ctx.deadline, expiresAt));
  let approved: Approved;
  try {
    approved = await pollForTokens(() => pollOnce(as, client, auth, code.device_code, resource, ctx.signal), {
      interval: code.interval,
      expiresAt,
      signal: ctx.signal,
      clock: ctx.clock,
    });
  } finally {
    spinner.stop();
  }
  return loginFromTokens(provider, approved.as, client, approved.result, 'device', ctx.signal);
};

async function requestCode(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  auth: oauth.ClientAuth,
  params: Record<string, string>,
  signal: AbortSignal,
): Promise<oauth.DeviceAuthorizationResponse> {
  const what = 'the device authorization request';
  try {
    const response = await oauth.deviceAuthorizationRequest(as, client, auth, params, oauthOptions(signal, what));
    return await oauth.processDeviceAuthorizationResponse(as, client, await withRfc8628Names(response));
  } catch (err) {
    throw toLoginError(err, what);
  }
}

/**
 * Google names the page `verification_url` ("OAuth 2.0 for TV and Limited-Input Device Applications"), not RFC 8628's
 * `verification_uri`: the same field under its standard name, so the answer is checked like any other.
 */
async function withRfc8628Names(response: Response): Promise<Response> {
  if (!response.ok) return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return response;
  if (body.verification_uri !== undefined || typeof body.verification_url !== 'string') return response;
  const { status, statusText, headers } = response;
  return new Response(JSON.stringify({ ...body, verification_uri: body.verification_url }), {
    status,
    statusText,
    headers,
  });
}

/** The code first, then the browser (which takes the focus); even --quiet shows it: nobody can go on without it. */
async function showCode(code: oauth.DeviceAuthorizationResponse, ctx: FlowContext): Promise<void> {
  const page = assertEndpointUrl(code.verification_uri, 'the verification_uri').href;
  const complete = code.verification_uri_complete
    ? assertEndpointUrl(code.verification_uri_complete, 'the verification_uri_complete').href
    : undefined;
  if (ctx.note) ctx.ui.info(ctx.note);
  ctx.ui.prompt(
    `To sign in, visit ${terminalSafe(page)} and enter the code:\n\n    ${terminalSafe(code.user_code, 40)}\n`,
  );
  if (complete) ctx.ui.prompt(`Or open ${terminalSafe(complete)} (the code is filled in).`);
  // The page without the code: argv is world-readable, and another local user who read the code could approve it
  // with their own account. The person types it, or follows the link printed above on their own terminal.
  const failure = await openBrowser(page, ctx.browser);
  if (!failure) ctx.ui.info('Opened your browser at the verification page.');
}

async function pollOnce(
  as: Server,
  client: oauth.Client,
  auth: oauth.ClientAuth,
  deviceCode: string,
  resource: Record<string, string> | undefined,
  signal: AbortSignal,
): Promise<PollAnswer<Approved>> {
  try {
    const options = { ...oauthOptions(signal, 'the device token request'), additionalParameters: resource };
    const response = await oauth.deviceCodeGrantRequest(as, client, auth, deviceCode, options);
    // GitHub answers polls with HTTP 200 and the error (authorization_pending, slow_down…) in the body.
    const inBody = await errorIn200(response);
    if (inBody) return { error: inBody.error, description: inBody.error_description };
    const tokenAs = response.ok ? await issuerForTokenResponse(as, response) : as;
    return { done: { as: tokenAs, result: await oauth.processDeviceCodeResponse(tokenAs, client, response) } };
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    if (err instanceof oauth.ResponseBodyError) return { error: err.error, description: err.error_description };
    throw toLoginError(err, 'the device token request');
  }
}
