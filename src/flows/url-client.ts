import type * as oauth from 'oauth4webapi';
import { bottomCause, LoginError, oauthErrorOf } from '../errors.js';
import { assertEndpointUrl } from '../providers/urls.js';
import { terminalSafe } from '../sanitize.js';
import { shellWord } from '../shell-quote.js';
import { DEVICE_GRANT, type RegisteredClient, registerClient } from './register-client.js';

/** Where a URL login's client came from: the hint for a refused client depends on it. */
export type ClientSource = 'flag' | 'metadata-url' | 'earlier' | 'registration' | 'registered';

/** The client a URL login uses; `registered` carries a registration made now, for the caller to keep. */
export interface ChosenClient {
  client_id: string;
  client_secret?: string;
  token_auth?: RegisteredClient['token_auth'];
  source: ClientSource;
  issuer: string;
  registered?: RegisteredClient;
}

export interface ClientFlags {
  clientId?: string;
  /** A client ID metadata document's URL: the URL is the client id, for servers that fetch such documents. */
  clientMetadataUrl?: string;
  /** Register a new client even when one is kept for this authorization server. */
  register?: boolean;
}

export interface ClientSources {
  /** The earlier login of this resource: its client, at its authorization server. */
  earlier?: { issuer?: string; client_id: string };
  /** The client kept for an authorization server (logins/registrations.ts), if any. */
  known?: (issuer: string) => Promise<RegisteredClient | undefined>;
}

/**
 * The client identity of a URL login, in the MCP authorization spec's order: --client-id; --client-metadata-url
 * when the server takes client ID metadata documents; else (unless --register) the earlier login's client or the one
 * registered at this server before, when it fits this redirect URI and flow; else Dynamic Client Registration
 * (RFC 7591) now.
 */
export async function chooseClient(
  as: oauth.AuthorizationServer,
  redirectUri: string,
  device: boolean,
  flags: ClientFlags,
  sources: ClientSources,
  signal: AbortSignal,
): Promise<ChosenClient> {
  const issuer = as.issuer;
  if (flags.clientId) return { client_id: flags.clientId, source: 'flag', issuer };
  if (flags.clientMetadataUrl) {
    if (as.client_id_metadata_document_supported === true)
      return { client_id: flags.clientMetadataUrl, source: 'metadata-url', issuer };
    throw new LoginError(
      'client_metadata_unsupported',
      `${issuer} does not take client ID metadata documents: its metadata has no "client_id_metadata_document_supported": true.`,
      {
        hint: 'Leave --client-metadata-url out (oauth-login then registers itself, if the server allows), or pass --client-id.',
      },
    );
  }
  if (!flags.register) {
    const grant = device ? DEVICE_GRANT : 'authorization_code';
    const known = await sources.known?.(issuer);
    const fits = known && sameLoopback(known.redirect_uri, redirectUri) && known.grant_types.includes(grant);
    const earlier = sources.earlier?.issuer === issuer ? sources.earlier.client_id : undefined;
    // The earlier login's client is the kept one when the ids agree: then its secret comes along.
    if (fits && (earlier === undefined || earlier === known.client_id))
      return { ...known, source: 'registration', issuer };
    // A kept registration that does not fit (another redirect URI or grant) is not used as the earlier client either.
    if (earlier && earlier !== known?.client_id) return { client_id: earlier, source: 'earlier', issuer };
  }
  if (!as.registration_endpoint) {
    throw new LoginError(
      'missing_client_id',
      `No client id for this login, and ${issuer} offers no client registration.`,
      {
        hint: `Register a client at ${issuer} with the redirect URI ${redirectUri}, then pass --client-id.`,
      },
    );
  }
  // Already checked with the rest of the metadata (providers/auth-server.ts: https, no link-local or metadata host).
  const registered = await registerClient(as.registration_endpoint, redirectUri, signal, device);
  return { ...registered, source: 'registered', issuer, registered };
}

/** Loopback redirect URIs that differ only in the port are one to the server (RFC 8252 §7.3: any port). */
function sameLoopback(registered: string, wanted: string): boolean {
  if (!URL.canParse(registered)) return false;
  const [a, b] = [new URL(registered), new URL(wanted)];
  a.port = '';
  b.port = '';
  return a.href === b.href;
}

const REJECTED = new Set(['invalid_client', 'unauthorized_client']);

/**
 * A client reused from an earlier login or registration that the server now refuses (deleted, expired): say so,
 * with the command that registers a new one. Anything else is passed on as it is.
 */
export function rejectedClient(err: unknown, client: ChosenClient, resource: string, device = false): unknown {
  const error = oauthErrorOf(err);
  if ((client.source !== 'earlier' && client.source !== 'registration') || !REJECTED.has(error ?? '')) return err;
  const which =
    client.source === 'registration'
      ? 'oauth-login registered there earlier'
      : 'an earlier login of this resource used';
  return new LoginError(
    'client_rejected',
    `${client.issuer} refused the client ${which} (client_id ${terminalSafe(client.client_id, 80)})${refusalOf(err, error as string)}.`,
    {
      hint: `The registration was probably removed or has expired at the server. Register a new client: oauth-login login ${shellWord(resource)}${device ? ' --flow device' : ''} --register`,
      cause: err,
    },
  );
}

/** The refusal as the server gave it: `with HTTP 401 (invalid_client): <its error_description>`, what is known of it. */
function refusalOf(err: unknown, error: string): string {
  const { status, error_description } = (bottomCause(err) ?? {}) as { status?: unknown; error_description?: unknown };
  const http = typeof status === 'number' ? ` with HTTP ${status} (${error})` : `: ${error}`;
  const said = typeof error_description === 'string' && error_description ? terminalSafe(error_description, 200) : '';
  return said && said !== error ? `${http}: ${said}` : http;
}

/**
 * A client ID metadata document's URL as the draft (draft-ietf-oauth-client-id-metadata-document §3) allows one:
 * https, a path, no fragment, no credentials, no dot segments, and spelled as parsed (it is compared as a string).
 */
export function checkClientMetadataUrl(value: string): string {
  const bad = (why: string) =>
    new LoginError('invalid_url', `--client-metadata-url "${terminalSafe(value, 200)}" ${why}.`, {
      hint: 'Give the https URL your client ID metadata document is served at, e.g. https://example.com/oauth-client.json; its "client_id" must be that URL.',
    });
  if (!URL.canParse(value)) throw bad('is not a URL');
  const url = new URL(value);
  if (url.protocol !== 'https:') throw bad('is not an https URL');
  if (url.pathname === '/' || /(^|\/)\.\.?(\/|$)/.test(value.replace(/^https:\/\/[^/]*/i, '')))
    throw bad('needs a path without "." or ".." segments');
  if (url.hash || value.includes('#')) throw bad('carries a fragment');
  if (url.username || url.password) throw bad('carries a user name or password');
  if (url.href !== value) throw bad(`is not spelled as it parses (${terminalSafe(url.href, 200)})`);
  return assertEndpointUrl(url.href, '--client-metadata-url').href;
}
