import { LoginError } from '../errors.js';
import { refusalInJson } from '../refusal.js';
import { send } from '../transport.js';

/** The client Dynamic Client Registration gave us: public, so only its id matters to later logins and refreshes. */
export interface RegisteredClient {
  client_id: string;
}

/**
 * RFC 7591 §3: registers oauth-login as a public native client (no secret: PKCE protects the code) with the loopback
 * redirect URI this login listens on. Servers that follow RFC 8252 §7.3 accept it on any port later.
 */
export async function registerClient(
  endpoint: string,
  redirectUri: string,
  signal: AbortSignal,
): Promise<RegisteredClient> {
  const metadata = {
    client_name: 'oauth-login',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
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
  if (answer.status !== 201 && answer.status !== 200) {
    const said = refusalInJson(text);
    throw new LoginError(
      'registration_failed',
      `The client registration at ${endpoint} was refused with HTTP ${answer.status}${said ? `: ${said}` : '.'}`,
      { hint: 'The server does not let oauth-login register itself: register a client there and pass --client-id.' },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const id = (body as { client_id?: unknown } | undefined)?.client_id;
  if (typeof id !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(id)) {
    throw new LoginError(
      'registration_failed',
      `The client registration at ${endpoint} returned no usable client_id.`,
      {
        hint: 'Register a client there by hand and pass --client-id.',
      },
    );
  }
  return { client_id: id };
}
