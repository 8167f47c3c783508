// Routes of a fake protected resource (RFC 9728) behind a fake authorization server (RFC 8414) that registers clients
// (RFC 7591), for the in-process URL-login tests: compose them with fakeNetwork, overriding any route.
import type { Handler } from './network.js';

export const AS = 'https://as.example';
export const RESOURCE = 'https://mcp.example/mcp';

/** The resource's 401, naming no metadata (so its well-known URL is asked). */
export const challenge =
  (header = 'Bearer'): Handler =>
  () =>
    new Response('', { status: 401, headers: { 'www-authenticate': header } });

/** A resource at this path of https://mcp.example: its 401 and its metadata, naming the authorization server. */
export function resourceRoutes(path = '/mcp', header = 'Bearer'): Record<string, Handler> {
  const url = `https://mcp.example${path}`;
  return {
    [url]: challenge(header),
    [`https://mcp.example/.well-known/oauth-protected-resource${path}`]: () =>
      Response.json({ resource: url, authorization_servers: [AS] }),
  };
}

/** The authorization server's metadata (S256, a registration endpoint) plus these fields. */
export const asMetadata =
  (fields: Record<string, unknown> = {}): Handler =>
  () =>
    Response.json({
      issuer: AS,
      authorization_endpoint: `${AS}/auth`,
      token_endpoint: `${AS}/token`,
      registration_endpoint: `${AS}/reg`,
      code_challenge_methods_supported: ['S256'],
      ...fields,
    });

/** The resource at /mcp, the server's metadata with these fields, and a registration that gives "dcr". */
export function mcpRoutes(asFields: Record<string, unknown> = {}, header = 'Bearer'): Record<string, Handler> {
  return {
    ...resourceRoutes('/mcp', header),
    [`${AS}/.well-known/oauth-authorization-server`]: asMetadata(asFields),
    [`${AS}/reg`]: () => Response.json({ client_id: 'dcr' }, { status: 201 }),
  };
}
