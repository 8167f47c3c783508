import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';

export interface ProtectedResource {
  /** The resource's URL and identifier, e.g. http://127.0.0.1:PORT/mcp. */
  url: string;
  close(): Promise<void>;
}

export interface ResourceOptions {
  /** The authorization servers its metadata names. */
  authorizationServers: string[];
  /** The issuer whose JWT access tokens it accepts (signed with its keys at /jwks, `aud` this resource). */
  issuer: string;
  scopes?: string[];
  /** Overrides fields of the metadata it serves (a hostile or broken resource). */
  metadata?: Record<string, unknown>;
  /** Leave resource_metadata out of the 401: clients must find the well-known URL themselves. */
  bareChallenge?: boolean;
}

/**
 * An OAuth-protected resource as the MCP authorization spec describes one: a 401 with a Bearer challenge naming its
 * RFC 9728 metadata, the metadata at the path-inserted well-known URL, and a JSON answer (200) only for a JWT access
 * token the IdP signed for this very resource (`aud`), which is what RFC 8707 on every token request gets.
 */
export async function startProtectedResource(options: ResourceOptions): Promise<ProtectedResource> {
  let url = '';
  const jwks = createRemoteJWKSet(new URL(`${options.issuer}/jwks`));
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const metadataUrl = `${new URL(url).origin}/.well-known/oauth-protected-resource/mcp`;
    if (req.url === '/.well-known/oauth-protected-resource/mcp') {
      const body = {
        resource: url,
        authorization_servers: options.authorizationServers,
        scopes_supported: options.scopes,
        ...options.metadata,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (req.url !== '/mcp') return void res.writeHead(404).end();
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const challenge = options.bareChallenge ? 'Bearer' : `Bearer resource_metadata="${metadataUrl}"`;
    if (!token) return void res.writeHead(401, { 'www-authenticate': challenge }).end();
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: options.issuer, audience: url });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, sub: payload.sub }));
    } catch (err) {
      const why = (err as Error).message.replaceAll('"', "'");
      res
        .writeHead(401, { 'www-authenticate': `${challenge}, error="invalid_token", error_description="${why}"` })
        .end();
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
