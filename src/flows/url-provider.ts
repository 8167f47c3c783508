import { LoginError } from '../errors.js';
import { discoverAuthServer } from '../providers/auth-server.js';
import { DEFAULT_REDIRECT_URI } from '../providers/presets.js';
import { fetchResourceMetadata, type ResourceMetadata } from '../providers/resource.js';
import { resourceIdentifier } from '../providers/resource-id.js';
import type { OAuth2Settings, ResolvedProvider } from '../providers/types.js';
import { parseRedirectUri } from '../providers/urls.js';
import { terminalSafe } from '../sanitize.js';
import {
  type ChosenClient,
  type ClientFlags,
  type ClientSources,
  checkClientMetadataUrl,
  chooseClient,
} from './url-client.js';
import type { FlowName } from '../kinds.js';
import { chooseCaFile } from '../network/ca.js';
import { configureNetwork } from '../transport.js';

export interface UrlFlags extends ClientFlags {
  authorizationServer?: string;
  scope?: string;
  port?: number;
  redirectUri?: string;
  /** --prompt, --login-hint, --param: merged under the resource indicator, which they cannot replace. */
  authParams?: Record<string, string>;
  /** --flow device: the server must have a device authorization endpoint, and the client the device grant. */
  device?: boolean;
}

/** A URL login's provider, and where its client came from (a new registration is for the caller to keep). */
export interface UrlLogin {
  provider: ResolvedProvider<OAuth2Settings>;
  client: ChosenClient;
}

/**
 * The provider behind a protected resource's URL, found as the MCP authorization spec says: the resource's metadata
 * (RFC 9728) names the authorization server, whose metadata (RFC 8414 or OpenID discovery) gives the endpoints; the
 * client comes from url-client.ts. Named by the resource identifier.
 */
export async function resolveUrlProvider(
  url: string,
  flags: UrlFlags,
  signal: AbortSignal,
  sources: ClientSources = {},
): Promise<UrlLogin> {
  const resource = resourceIdentifier(url);
  const metadata = await fetchResourceMetadata(resource, signal);
  const issuer = chooseServer(metadata, flags.authorizationServer);
  const { as, kind } = await discoverAuthServer(resource, issuer, signal);
  const redirect = parseRedirectUri(flags.redirectUri ?? DEFAULT_REDIRECT_URI);
  if (flags.port !== undefined) redirect.port = String(flags.port);
  if (flags.device && !as.device_authorization_endpoint)
    throw new LoginError(
      'missing_endpoints',
      `${issuer} has no device_authorization_endpoint: --flow device cannot work there.`,
      {
        hint: 'Leave --flow out to sign in in a browser (--no-browser prints the URL to open elsewhere).',
      },
    );
  const client = await chooseClient(as, redirect.href, flags.device === true, flags, sources, signal);
  const scope = flags.scope ?? metadata.challengeScope ?? metadata.scopes_supported?.join(' ') ?? '';
  const settings: OAuth2Settings = {
    protocol: 'oauth2',
    title: resource,
    issuer: as.issuer,
    metadata: kind,
    resource,
    client_id: client.client_id,
    client_secret: client.client_secret,
    token_auth: client.token_auth,
    redirect_uri: redirect.href,
    scope,
    authorization_params: { ...flags.authParams, resource },
  };
  return { provider: { name: resource, settings, discovered: as }, client };
}

/**
 * `login <URL>`: the options that make sense for it, the network set up (proxies, --ca-file) before the first request.
 */
export async function urlProvider(
  url: string,
  options: UrlFlags & { flow?: FlowName; issuer?: string; caFile?: string },
  io: { env: NodeJS.ProcessEnv; signal: AbortSignal },
  sources: ClientSources,
): Promise<UrlLogin> {
  if (options.flow !== undefined && options.flow !== 'auth-code' && options.flow !== 'device')
    throw new LoginError('usage', `--flow ${options.flow} is not available for a login from a URL.`, {
      hint: 'Leave --flow out to sign in in a browser, or use --flow device.',
    });
  if (options.issuer !== undefined)
    throw new LoginError('usage', '--issuer does not apply to a login from a URL: its metadata names the server.', {
      hint: 'Use --authorization-server to pick one of the servers the resource names.',
    });
  if (options.register && (options.clientId ?? options.clientMetadataUrl) !== undefined)
    throw new LoginError('usage', '--register asks for a new client: it cannot go with a client id given.', {
      hint: 'Keep --register, or the client id.',
    });
  if (options.clientMetadataUrl !== undefined) {
    if (options.clientId !== undefined)
      throw new LoginError('usage', '--client-id and --client-metadata-url were both given: a login has one client.', {
        hint: 'Keep one of them.',
      });
    checkClientMetadataUrl(options.clientMetadataUrl);
  }
  configureNetwork(io.env, chooseCaFile(options.caFile, io.env));
  return resolveUrlProvider(url, { ...options, device: options.flow === 'device' }, io.signal, sources);
}

/** The first authorization server the resource names, or the one --authorization-server picks among them. */
function chooseServer(metadata: ResourceMetadata, wanted: string | undefined): string {
  const first = metadata.authorization_servers[0] as string;
  if (wanted === undefined) return first;
  const match = metadata.authorization_servers.find(
    (s) => URL.canParse(wanted) && new URL(s).href === new URL(wanted).href,
  );
  if (match) return match;
  throw new LoginError(
    'usage',
    `${metadata.resource} does not name ${terminalSafe(wanted, 200)} as an authorization server.`,
    {
      hint: `It names: ${metadata.authorization_servers.map((s) => terminalSafe(s, 200)).join(', ')}.`,
    },
  );
}
