import { LoginError } from '../errors.js';
import { jsonObject } from '../error-mapping.js';
import { isOneOf, TOKEN_AUTHS, type TokenAuth } from '../kinds.js';
import { refusalInJson } from '../refusal.js';
import { terminalSafe } from '../sanitize.js';
import { send } from '../transport.js';

/** What Dynamic Client Registration gave us, as far as later logins and refreshes need it. */
export interface RegisteredClient {
  client_id: string;
  /** Only when the server made the client confidential despite our asking for a public one. */
  client_secret?: string;
  token_auth?: TokenAuth;
  redirect_uri: string;
  grant_types: string[];
  secret_expires_at?: number;
}

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * RFC 7591 §3: registers oauth-login as a public native client (no secret: PKCE protects the code) with the loopback
 * redirect URI this login listens on, for the grants asked (the device grant only when the login uses it: a server
 * may refuse grants it does not know).
 */
export async function registerClient(
  endpoint: string,
  redirectUri: string,
  signal: AbortSignal,
  device = false,
): Promise<RegisteredClient> {
  const grant_types = ['authorization_code', 'refresh_token', ...(device ? [DEVICE_GRANT] : [])];
  const metadata = {
    client_name: 'oauth-login',
    redirect_uris: [redirectUri],
    grant_types,
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    application_type: 'native', // OpenID Connect Registration: lets loopback http redirect URIs through
  };
  const answer = await send(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(metadata),
    what: 'the client registration',
    signal,
  });
  const text = await answer.text();
  const body = jsonObject(text);
  if (answer.status !== 201 && answer.status !== 200) {
    const code = typeof body?.error === 'string' ? ` (${terminalSafe(body.error, 60)})` : '';
    // Without an error_description the refusal's words are its error code, already shown in parentheses.
    const words = refusalInJson(text);
    const said = words === body?.error ? undefined : words;
    throw new LoginError(
      'registration_failed',
      `The client registration at ${endpoint} was refused with HTTP ${answer.status}${code}${said ? `: ${said}` : '.'}`,
      {
        hint: 'Nothing was stored. The server does not let oauth-login register itself: register a client there and pass --client-id.',
      },
    );
  }
  const id = body?.client_id;
  if (typeof id !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(id)) {
    throw new LoginError(
      'registration_failed',
      `The client registration at ${endpoint} returned no usable client_id.`,
      {
        hint: 'Nothing was stored. Register a client there by hand and pass --client-id.',
      },
    );
  }
  return { client_id: id, redirect_uri: redirectUri, grant_types, ...secretOf(body as Record<string, unknown>) };
}

/** A secret the server issued anyway (RFC 7591 §3.2.1), with how to send it and when it expires. */
function secretOf(body: Record<string, unknown>): Partial<RegisteredClient> {
  const secret = body.client_secret;
  if (typeof secret !== 'string' || secret === '') return {};
  const method = body.token_endpoint_auth_method;
  const expires = body.client_secret_expires_at;
  return {
    client_secret: secret,
    token_auth: isOneOf(TOKEN_AUTHS, method) && method !== 'none' ? method : 'client_secret_basic',
    secret_expires_at: typeof expires === 'number' && expires > 0 ? expires : undefined,
  };
}
