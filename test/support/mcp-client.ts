import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** Connects the MCP SDK's own client to `url` with the bearer token and runs `use`; the server's middleware decides. */
export async function withMcpClient<T>(url: string, token: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: 'oauth-login-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** The names of the server's tools, sorted, as the SDK's client lists them with this token. */
export const toolNames = (url: string, token: string) =>
  withMcpClient(url, token, async (c) => (await c.listTools()).tools.map((t) => t.name).sort());

/** What the server's `whoami` tool says the token was issued for. */
export const whoami = (url: string, token: string) =>
  withMcpClient(url, token, async (c) => {
    const result = await c.callTool({ name: 'whoami' });
    const [first] = result.content as { type: string; text: string }[];
    return JSON.parse(first?.text ?? 'null') as { clientId?: string; resource?: string };
  });
