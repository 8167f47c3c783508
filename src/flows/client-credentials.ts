import * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { type Answer, toLoginError } from '../error-mapping.js';
import { type ClientRef, oauthClient, oauthOptions, type ServerSummary, serverOf } from '../oauth-client.js';
import { envPrefix } from '../providers/env-prefix.js';
import type { ResolvedProvider } from '../providers/types.js';
import { answerOf } from '../transport.js';
import { grantParams, machineResult } from './machine-result.js';
import { toTokenSet } from './token-result.js';
import { machineAuth, type Sources } from './token-source.js';
import type { Flow, MachineGrant, TokenSet } from './types.js';

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
  const norm = (g: MachineGrant | undefined) =>
    JSON.stringify([g?.scope ?? '', g?.resource ?? [], g?.audience ?? '', g?.subject ?? null, g?.assertion ?? null]);
  return norm(a) === norm(b);
}

/**
 * Client Credentials Grant (RFC 6749 §4.4), for CI and services: no person, no browser, no profile. The login is
 * stored under the client id (or --account); `token` asks again when the token expires, as there is no refresh token.
 */
export const clientCredentialsFlow: Flow = async (provider, ctx) => {
  const s = provider.settings;
  const grant = ctx.grant ?? requestedGrant(provider, {});
  if (!s.client_secret && !s.private_key_file && !grant.assertion) {
    throw new LoginError(
      'missing_client_secret',
      `The client-credentials flow needs a client secret for "${provider.name}".`,
      {
        hint:
          `Set ${envPrefix(provider.name)}CLIENT_SECRET, pipe it to --client-secret-stdin, or add "client_secret" under ` +
          `providers.${provider.name} in the config file (never on the command line); or sign with a key ` +
          `(--private-key-file PATH), or authenticate with the CI job's OIDC token: --client-assertion-from github-actions.`,
      },
    );
  }
  return machineResult(provider, ctx, grant, 'client-credentials', mintTokens);
};

/** The grant itself: at login, and again by `token` when the stored token has expired. */
export async function mintTokens(
  server: ServerSummary,
  clientRef: ClientRef,
  grant: MachineGrant,
  signal: AbortSignal,
  sources: Sources = { env: process.env },
): Promise<TokenSet> {
  const params = grantParams(grant);
  const as = serverOf(server);
  const client = oauthClient(clientRef.client_id);
  const what = 'the client-credentials grant';
  let answer: Answer | undefined; // read before oauth4webapi consumes the body, so that an error can quote it
  try {
    const auth = await machineAuth(clientRef, grant, { ...sources, signal });
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth, params, oauthOptions(signal, what));
    answer = await answerOf(response);
    // RFC 6749 §5.1: an answer without scope was granted the scope requested.
    return { scope: grant.scope, ...toTokenSet(await oauth.processClientCredentialsResponse(as, client, response)) };
  } catch (err) {
    throw toLoginError(err, what, answer);
  }
}
