import type * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { fetchMetadata } from './discover.js';
import { assertEndpoints } from './metadata-url.js';

export type MetadataKind = 'oauth2' | 'oidc';

/**
 * The authorization server named by a protected resource: RFC 8414 metadata (with its path insertion), else OpenID
 * discovery, as the MCP authorization spec asks; either way its `issuer` must be the one named (RFC 8414 §3.3).
 * A server without PKCE S256 is refused: the spec forbids logging in there (nothing protects the code).
 */
export async function discoverAuthServer(
  name: string,
  issuer: string,
  signal: AbortSignal,
): Promise<{ as: oauth.AuthorizationServer; kind: MetadataKind }> {
  const url = new URL(issuer);
  let found: { as: oauth.AuthorizationServer; kind: MetadataKind };
  try {
    found = { as: await fetchMetadata(name, url, url, signal, 'oauth2'), kind: 'oauth2' };
  } catch (first) {
    if (!(first instanceof LoginError) || first.code === 'issuer_mismatch') throw first;
    try {
      found = { as: await fetchMetadata(name, url, url, signal, 'oidc'), kind: 'oidc' };
    } catch (second) {
      if (!(second instanceof LoginError) || second.code === 'issuer_mismatch') throw second;
      throw new LoginError(second.code, `${first.message.replace(/\.?$/, ';')} ${second.message}`, {
        hint: `${issuer} publishes neither /.well-known/oauth-authorization-server nor /.well-known/openid-configuration: pick another with --authorization-server.`,
        cause: second,
      });
    }
  }
  requireS256(found.as, issuer);
  assertEndpoints(found.as, (key) => `The ${key} in ${issuer}'s metadata`);
  return found;
}

function requireS256(as: oauth.AuthorizationServer, issuer: string): void {
  if (as.code_challenge_methods_supported?.includes('S256')) return;
  throw new LoginError(
    'pkce_unsupported',
    `The authorization server ${issuer} does not list S256 in code_challenge_methods_supported.`,
    {
      hint: 'Logging in there is refused: without PKCE S256 nothing protects the authorization code (MCP authorization, OAuth 2.1).',
    },
  );
}
