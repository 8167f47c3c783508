import { LoginError } from '../errors.js';
import { terminalSafe } from '../sanitize.js';
import { send } from '../transport.js';
import { assertMetadataUrl } from './metadata-url.js';

/** What a protected resource says of itself (RFC 9728 §2), as far as a login needs it. */
export interface ResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported?: string[];
  /** The `scope` of the 401's Bearer challenge (RFC 6750 §3), which wins over scopes_supported. */
  challengeScope?: string;
}

/** The auth-params of a `Bearer` challenge in a WWW-Authenticate header (RFC 6750 §3), lower-cased names. */
export function bearerChallenge(header: string | null): Record<string, string> | undefined {
  const start = header?.search(/(?:^|[\s,])Bearer(?:\s|$)/i) ?? -1;
  if (!header || start < 0) return undefined;
  const rest = header.slice(start).replace(/^[\s,]*Bearer/i, '');
  const params: Record<string, string> = {};
  const pair = /^[\s,]*([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))/;
  let text = rest;
  for (let m = pair.exec(text); m; m = pair.exec(text)) {
    const name = (m[1] as string).toLowerCase();
    params[name] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    text = text.slice(m[0].length);
  }
  return params;
}

/** RFC 9728 §3.1: the well-known suffix goes between the host and the resource's path. */
export function resourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/**
 * Asks the resource without a token: a protected one answers 401 (RFC 6750 §3), which names the metadata (RFC 9728
 * §5.1), else the well-known URL is tried. Any other answer is refused before anything else is asked: a URL that lets
 * an anonymous request through does not ask for a token. The metadata must name this very resource (§3.3):
 * otherwise it may belong to another one and is refused.
 */
export async function fetchResourceMetadata(resource: string, signal: AbortSignal): Promise<ResourceMetadata> {
  const probe = await send(resource, { what: `the request to ${resource}`, signal, headersOnly: true });
  if (probe.status !== 401) throw unprotected(resource, probe.status);
  const challenge = bearerChallenge(probe.headers.get('www-authenticate'));
  const named = challenge?.resource_metadata;
  const where = named
    ? assertMetadataUrl(named, `The resource_metadata URL in ${resource}'s WWW-Authenticate header`).href
    : resourceMetadataUrl(resource);
  const answer = await send(where, {
    what: 'the protected resource metadata request',
    signal,
    headers: { accept: 'application/json' },
  });
  if (answer.status !== 200) {
    throw new LoginError(
      'resource_metadata_failed',
      `The protected resource metadata at ${where} answered HTTP ${answer.status}.`,
      {
        hint: `${resource} publishes no usable RFC 9728 metadata: it cannot be logged in to from its URL alone; log in by a name instead: oauth-login login NAME --issuer AUTHORIZATION_SERVER_URL --client-id ID`,
      },
    );
  }
  return { ...checkResourceMetadata(await answer.text(), resource, where), challengeScope: challenge?.scope };
}

/** The first step's refusal: the resource answered its unauthenticated request with something other than 401. */
function unprotected(resource: string, status: number): LoginError {
  const byName = 'oauth-login login NAME --issuer AUTHORIZATION_SERVER_URL --client-id ID';
  if (status < 400)
    return new LoginError(
      'not_protected',
      `${resource} answered HTTP ${status} to a request without a token, not 401: it does not ask for a token, so there is nothing to log in to from its URL.`,
      {
        hint: `Nothing was stored. Give the URL of an OAuth-protected resource (for an MCP server, its endpoint, e.g. https://host/mcp); if it is protected by other means, log in by a name: ${byName}`,
      },
    );
  return new LoginError(
    'bad_status',
    `${resource} answered HTTP ${status} to a request without a token, where a protected resource answers 401 with a Bearer challenge.`,
    {
      hint: `Nothing was stored. Check the URL (for an MCP server, its endpoint, e.g. https://host/mcp)${status >= 500 ? ', or try again later: the server has a problem' : ''}.`,
    },
  );
}

/**
 * Asks the resource with a token: the scope it says the token lacks (RFC 6750 §3.1: 403, `Bearer
 * error="insufficient_scope"`, and usually `scope`), "" when it names none, undefined when it takes the token.
 */
export async function insufficientScope(resource: string, token: string, signal: AbortSignal) {
  const what = `the request to ${resource} with the stored token`;
  // Headers only: with a valid token an MCP server's GET may open an event stream that never ends.
  const headers = { authorization: `Bearer ${token}` };
  const answer = await send(resource, { what, signal, headers, headersOnly: true });
  const challenge = answer.status === 403 ? bearerChallenge(answer.headers.get('www-authenticate')) : undefined;
  return challenge?.error === 'insufficient_scope' ? (challenge.scope ?? '') : undefined;
}

/** The checks of RFC 9728 §3.2–3.3 on a metadata document fetched from `where` for `resource`. */
export function checkResourceMetadata(text: string, resource: string, where: string): ResourceMetadata {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const bad = (why: string) =>
    new LoginError('invalid_resource_metadata', `The protected resource metadata at ${where} ${why}.`, {
      hint: 'Nothing was stored. The resource is misconfigured, or the URL points at another server.',
    });
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('is not a JSON object');
  const m = body as Record<string, unknown>;
  if (typeof m.resource !== 'string' || !URL.canParse(m.resource)) throw bad('has no "resource" URL');
  if (new URL(m.resource).href !== new URL(resource).href)
    throw bad(`names the resource "${terminalSafe(m.resource, 200)}", not ${resource}`);
  const servers = m.authorization_servers;
  if (!Array.isArray(servers) || servers.length === 0 || !servers.every((s) => typeof s === 'string'))
    throw bad('names no authorization_servers');
  for (const s of servers) assertMetadataUrl(s, `The authorization server "${terminalSafe(s, 200)}" named at ${where}`);
  const scopes = Array.isArray(m.scopes_supported)
    ? m.scopes_supported.filter((s) => typeof s === 'string')
    : undefined;
  return { resource, authorization_servers: servers, scopes_supported: scopes };
}
