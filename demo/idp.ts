// A real OpenID Provider (oidc-provider 9) on loopback, for the demo and the end-to-end tests.
// Development settings only: in-memory storage, oidc-provider's built-in dev keys and dev login pages.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import Provider, { errors } from 'oidc-provider';

export type Claims = Record<string, unknown>;
export type ClientMetadata = { client_id: string; [key: string]: unknown };

export interface IdpOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Access token (and client-credentials token) lifetime in seconds; default 3600. */
  ttl?: number;
  /** Lifetime of access tokens from the refresh grant, when it should differ from `ttl` (concurrency tests). */
  refreshedTtl?: number;
  /** Lifetime of a device code (and its user code) in seconds; default 600. Short for the expiry tests. */
  deviceCodeTtl?: number;
  /** Claims to merge over the generated ones, per login name; a claim set to undefined is left out. */
  accounts?: Record<string, Claims>;
  /** Extra clients, or fields to merge over a built-in client with the same client_id. */
  clients?: ClientMetadata[];
  /** Serve https with this key and certificate (PEM) instead of plain http. */
  tls?: { key: string; cert: string };
  /** The host name in the issuer (default 127.0.0.1), e.g. one only a test proxy resolves; it still listens on 127.0.0.1. */
  hostname?: string;
  /** Open Dynamic Client Registration (RFC 7591) at /reg, no initial access token. */
  registration?: boolean;
  /**
   * Resource servers (RFC 8707), by resource identifier, with the scopes they accept: tokens requested for one are
   * JWTs whose `aud` is that resource. Any other resource is refused with invalid_target.
   */
  resources?: Record<string, string>;
}

export interface Idp {
  issuer: string;
  port: number;
  provider: Provider;
  close(): Promise<void>;
}

export const DEMO_CLIENT_ID = 'demo';
export const CONFIDENTIAL_CLIENT_ID = 'confidential';
export const CONFIDENTIAL_CLIENT_SECRET = 'confidential-secret';

// Native clients match loopback redirect URIs on any port (RFC 8252 §7.3): oidc-provider strips the port from the
// requested and the registered URI before comparing (Client#redirectUriAllowed). The host is not normalised, so each
// loopback spelling must be registered once; the port written here does not matter.
export const LOOPBACK_REDIRECT_URIS = [
  'http://localhost:5000/callback',
  'http://127.0.0.1/callback',
  'http://[::1]/callback',
  'http://localhost/callback',
];

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The CLI's default client: public (no secret), so PKCE is what protects its code. */
export const demoClient: ClientMetadata = {
  client_id: DEMO_CLIENT_ID,
  client_name: 'oauth-login demo',
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
  response_types: ['code'],
  redirect_uris: LOOPBACK_REDIRECT_URIS,
};

/** A client with a secret, for client_secret_basic / client_secret_post and client_credentials. */
export const confidentialClient: ClientMetadata = {
  client_id: CONFIDENTIAL_CLIENT_ID,
  client_secret: CONFIDENTIAL_CLIENT_SECRET,
  client_name: 'oauth-login confidential demo',
  application_type: 'native',
  token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  response_types: ['code'],
  redirect_uris: LOOPBACK_REDIRECT_URIS,
};

const KNOWN_NAMES: Record<string, string> = {
  ada: 'Ada Lovelace',
  alan: 'Alan Turing',
  grace: 'Grace Hopper',
};

/** The claims any login name gets (the dev login page accepts any name and any password). */
export function claimsFor(login: string): Claims {
  const name =
    KNOWN_NAMES[login] ??
    login
      .split(/[._-]+/)
      .filter(Boolean)
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(' ');
  return {
    sub: login,
    name: name || login,
    preferred_username: login,
    picture: `https://example.test/${login}.png`,
    email: `${login}@example.test`,
    email_verified: true,
  };
}

// Built-in clients first; an entry in options.clients with the same client_id is merged over it.
function mergeClients(extra: ClientMetadata[] = []): ClientMetadata[] {
  const byId = new Map<string, ClientMetadata>();
  for (const client of [demoClient, confidentialClient, ...extra]) {
    byId.set(client.client_id, { ...byId.get(client.client_id), ...client });
  }
  return [...byId.values()];
}

export async function startIdp(options: IdpOptions = {}): Promise<Idp> {
  const ttl = options.ttl ?? 3600;

  // The issuer contains the port, and the provider needs the issuer, so listen first and attach the provider after.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  };
  const server = options.tls ? createTlsServer(options.tls, serve) : createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `${options.tls ? 'https' : 'http'}://${options.hostname ?? '127.0.0.1'}:${port}`;

  const provider = new Provider(issuer, {
    clients: mergeClients(options.clients),
    // Any login name is an account; tests can override claims (e.g. a hostile `name`) per login.
    async findAccount(_ctx: unknown, sub: string) {
      return {
        accountId: sub,
        async claims() {
          return { ...claimsFor(sub), ...options.accounts?.[sub], sub };
        },
      };
    },
    // Authorization code only (OAuth 2.1); the default also offers implicit and hybrid response types.
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    // Which claims each scope releases; with conformIdTokenClaims (default) they come from userinfo, not the ID token.
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'picture'],
      email: ['email', 'email_verified'],
    },
    // oidc-provider only supports S256; require it for every client, not only public ones (its default).
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      deviceFlow: { enabled: true },
      // Works without resource indicators: the token is an opaque access token for the client itself.
      clientCredentials: { enabled: true },
      registration: { enabled: options.registration === true },
      resourceIndicators: resourceIndicators(options.resources),
      rpInitiatedLogout: { enabled: false },
    },
    // oidc-provider's own default policy, spelled out: a refresh token only for clients allowed the refresh_token
    // grant that were granted offline_access. Note that it drops offline_access from an authorization request
    // unless prompt includes consent (OIDC Core §11), so ask with `prompt=consent`.
    async issueRefreshToken(
      _ctx: unknown,
      client: { grantTypeAllowed(type: string): boolean },
      code: { scopes: Set<string> },
    ) {
      return client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access');
    },
    // Every refresh returns a new refresh token and invalidates the old one.
    rotateRefreshToken: () => true,
    // One machine, one clock. The default (15 s) keeps accepting an expired access token for 15 s, which would make
    // expiry tests with a short `ttl` wait that long.
    clockTolerance: 0,
    // Numbers rather than oidc-provider's default functions, which print a "you SHOULD change" notice on stdout.
    ttl: {
      AccessToken:
        options.refreshedTtl === undefined
          ? ttl
          : (ctx: { oidc?: { params?: { grant_type?: unknown } } }) =>
              ctx?.oidc?.params?.grant_type === 'refresh_token' ? (options.refreshedTtl as number) : ttl,
      ClientCredentials: ttl,
      AuthorizationCode: 60,
      IdToken: 3600,
      DeviceCode: options.deviceCodeTtl ?? 600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
    // Cookies: the defaults (httpOnly, SameSite=Lax, Secure only when the request is https) are what plain http on
    // loopback needs, so there is nothing to set. Do not set `proxy` either: nothing sits in front of this server.
  });
  handler = provider.callback();

  return {
    issuer,
    port,
    provider,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Browsers keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

/** oidc-provider's resource indicators for the given resource servers; a login that names none gets no JWT. */
function resourceIndicators(resources: Record<string, string> | undefined) {
  if (!resources) return { enabled: false };
  return {
    enabled: true,
    defaultResource: (_ctx: unknown, _client: unknown, oneOf?: readonly string[]) => oneOf,
    useGrantedResource: () => true,
    getResourceServerInfo(_ctx: unknown, resource: string) {
      const scope = resources[resource];
      if (scope === undefined) throw new errors.InvalidTarget();
      return { scope, audience: resource, accessTokenFormat: 'jwt' as const, accessTokenTTL: 3600 };
    },
  };
}

/**
 * The `demo/idp-server.ts` entry: parses `[--port N]`, starts the IdP, prints one JSON line `{"issuer":"..."}` on
 * stdout, and closes the IdP and exits on SIGTERM or SIGINT. Resolves once the line is printed.
 */
export async function startIdpFromCli(args: string[] = process.argv.slice(2)): Promise<Idp> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' } } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number (0-65535), got ${values.port}`);
  }
  // stdout is for the JSON line; oidc-provider prints its notices with console.info (stdout), so move them to stderr
  // with its warnings.
  console.info = console.error;

  const idp = await startIdp({ port });
  process.stdout.write(`${JSON.stringify({ issuer: idp.issuer })}\n`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      idp.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
  return idp;
}
