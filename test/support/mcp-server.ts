import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { type Registration, type Seen, TestAuthProvider } from './mcp-auth-provider.js';

export interface McpPeer {
  /** The MCP endpoint, which is also the protected resource's identifier: http://127.0.0.1:PORT/mcp. */
  url: string;
  /** The authorization server's issuer (the same origin, as the SDK's mcpAuthRouter serves both). */
  issuer: string;
  seen: Seen;
  close(): Promise<void>;
}

export interface PeerOptions {
  /** Dynamic Client Registration: open (the default), not offered, or refused with invalid_client_metadata. */
  registration?: Registration;
  /**
   * The host the server believes it is reached under (a proxy's, say), which its metadata then names as the resource;
   * the tests reach it at 127.0.0.1 all the same.
   */
  resourceHost?: string;
}

export const TOOL_NAMES = ['whoami', 'ping'];

/** One MCP server per request (the SDK's stateless Streamable HTTP pattern), with two tools that take no input. */
function mcpServer(): McpServer {
  const server = new McpServer({ name: 'oauth-login-test-peer', version: '1.0.0' });
  server.registerTool(
    'whoami',
    { description: 'The client and resource the bearer token was issued for' },
    (extra) => ({
      content: [
        {
          type: 'text',
          text: JSON.stringify({ clientId: extra.authInfo?.clientId, resource: extra.authInfo?.resource?.href }),
        },
      ],
    }),
  );
  server.registerTool('ping', { description: 'Answers pong' }, () => ({ content: [{ type: 'text', text: 'pong' }] }));
  return server;
}

/**
 * An MCP server over Streamable HTTP built from the official TypeScript SDK's parts only: its bearer-auth middleware
 * in front of /mcp (401 with resource_metadata, tokens checked for this resource), its mcpAuthRouter serving the
 * protected resource metadata (RFC 9728), the authorization server metadata (RFC 8414), registration (RFC 7591),
 * authorization with PKCE and the token endpoint, around an in-memory provider. Listens on 127.0.0.1, a free port.
 */
export async function startMcpPeer(options: PeerOptions = {}): Promise<McpPeer> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const url = `${origin}/mcp`;
  const configured = new URL(url);
  if (options.resourceHost) configured.hostname = options.resourceHost;
  const provider = new TestAuthProvider(options.registration);
  const app = createMcpExpressApp({ host: '127.0.0.1' });
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(origin),
      resourceServerUrl: configured,
      scopesSupported: ['mcp:tools'],
      resourceName: 'oauth-login test MCP server',
      // One test file logs in a few times from one address; the SDK's default limits are not what is tested.
      authorizationOptions: { rateLimit: false },
      tokenOptions: { rateLimit: false },
      clientRegistrationOptions: { rateLimit: false },
    }),
  );
  const bearer = requireBearerAuth({
    verifier: provider,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(url)),
    expectedResource: configured,
  });
  app.all('/mcp', bearer, async (req, res) => {
    const server = mcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  http.on('request', app);
  return {
    url,
    issuer: `${origin}/`,
    seen: provider.seen,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections();
      }),
  };
}
