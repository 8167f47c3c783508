import * as oauth from 'oauth4webapi';
import { LoginError, needsLogin, toLoginError } from '../errors.js';
import { httpOptions } from '../http.js';
import type { LoginEntry } from '../logins/types.js';
import { clientAuthFor, discover } from '../providers/discover.js';
import { envPrefix } from '../providers/resolve.js';
import type { ResolvedProvider } from '../providers/types.js';
import { serverSummary, toTokenSet } from './token-result.js';
import { serverFromEntry } from './refresh.js';
import type { Flow, MachineGrant, TokenSet } from './types.js';
import { oauthClient } from './client.js';

// Scopes that describe a person: without one they mean nothing, and some providers refuse them in this grant.
const USER_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);

/** The scope a machine asks for when --scope was not given: the configured one without the person-only scopes. */
export function machineScope(configured: string | undefined): string | undefined {
  const rest = (configured ?? '').split(/\s+/).filter((scope) => scope && !USER_SCOPES.has(scope));
  return rest.length > 0 ? rest.join(' ') : undefined;
}

/** What this login asks for: the flags, else the configured scope fit for a machine. */
export function requestedGrant(provider: ResolvedProvider, flags: MachineGrant): MachineGrant {
  const grant: MachineGrant = { scope: flags.scope ?? machineScope(provider.settings.scope) };
  if (flags.resource?.length) grant.resource = flags.resource;
  if (flags.audience) grant.audience = flags.audience;
  return grant;
}

/** A stored machine login is reused only for exactly the same request (a token for another API is no use). */
export function sameGrant(a: MachineGrant | undefined, b: MachineGrant): boolean {
  const norm = (g: MachineGrant | undefined) => JSON.stringify([g?.scope ?? '', g?.resource ?? [], g?.audience ?? '']);
  return norm(a) === norm(b);
}

/**
 * Client Credentials Grant (RFC 6749 §4.4), for CI and services: no person, no browser, no profile. The login is
 * stored under the client id (or --account); `token` asks again when the token expires, as there is no refresh token.
 */
export const clientCredentialsFlow: Flow = async (provider, ctx) => {
  const s = provider.settings;
  if (!s.client_secret) {
    throw new LoginError(
      'missing_client_secret',
      `The client-credentials flow needs a client secret for "${provider.name}".`,
      {
        hint:
          `Set ${envPrefix(provider.name)}CLIENT_SECRET, pipe it to --client-secret-stdin, or add "client_secret" under ` +
          `providers.${provider.name} in the config file (never on the command line).`,
      },
    );
  }
  const as = await discover(provider, ctx.signal, ['token_endpoint']);
  const grant = ctx.grant ?? requestedGrant(provider, {});
  const tokens = await mintTokens(as, s.client_id, clientAuthFor(s), grant, ctx.signal);
  return {
    provider: provider.name,
    profile: { id: s.client_id, raw: {} },
    tokens,
    server: serverSummary(provider, as),
    flow: 'client-credentials',
    grant,
  };
};

export async function mintTokens(
  as: oauth.AuthorizationServer,
  clientId: string,
  auth: oauth.ClientAuth,
  grant: MachineGrant,
  signal: AbortSignal,
): Promise<TokenSet> {
  const params = new URLSearchParams();
  if (grant.scope) params.set('scope', grant.scope);
  for (const resource of grant.resource ?? []) params.append('resource', resource);
  if (grant.audience) params.set('audience', grant.audience);
  const client = oauthClient(clientId);
  try {
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth, params, httpOptions(signal));
    return toTokenSet(await oauth.processClientCredentialsResponse(as, client, response));
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw toLoginError(err, 'the client-credentials grant');
  }
}

/** `token` with an expired client-credentials login: the same grant again, with the secret stored at login. */
export async function remintTokens(
  entry: LoginEntry,
  clientSecret: string | undefined,
  signal: AbortSignal,
): Promise<TokenSet> {
  const relogin = (why: string) => needsLogin(entry, why, ' --flow client-credentials');
  if (!clientSecret) throw relogin('no client secret is stored to ask for a new token');
  const auth = clientAuthFor({ client_secret: clientSecret, token_auth: entry.token_auth });
  try {
    return await mintTokens(serverFromEntry(entry), entry.client_id, auth, entry.grant ?? {}, signal);
  } catch (err) {
    const refused = (err as LoginError).cause as { error?: string } | undefined;
    if (refused?.error === 'invalid_client') throw relogin('the provider refused the stored client secret');
    throw err;
  }
}
