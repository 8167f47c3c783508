import { dirname, resolve } from 'node:path';
import { LoginError } from '../errors.js';
import type { FlowName } from '../kinds.js';
import type { ConfigFile, ProviderEntry } from './config.js';
import { DEFAULT_REDIRECT_URI, isPresetName, PRESETS } from './presets.js';
import type { ProviderSettings, ResolvedProvider, ResolvedSettings } from './types.js';
import { assertEndpointUrl, parseRedirectUri } from './urls.js';

export interface ProviderFlags {
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  tenant?: string;
  redirectUri?: string;
  port?: number;
  /** Only the browser flow needs an authorization endpoint. */
  flow?: FlowName;
}

const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);
/** Everything an OAuth 1.0a login calls: the three RFC 5849 endpoints and the profile, which it signs too. */
const OAUTH1_KEYS = ['request_token_url', 'authorize_url', 'access_token_url', 'profile_url'] as const;

/** `OAUTH_LOGIN_<NAME>_…`: the provider name upper-cased, anything not alphanumeric turned into `_`. */
export function envPrefix(name: string): string {
  return `OAUTH_LOGIN_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}

function fromEnv(name: string, env: NodeJS.ProcessEnv): ProviderEntry {
  const prefix = envPrefix(name);
  return {
    client_id: env[`${prefix}CLIENT_ID`] || undefined,
    client_secret: env[`${prefix}CLIENT_SECRET`] || undefined,
  };
}

function fromFlags(flags: ProviderFlags): ProviderEntry {
  return {
    issuer: flags.issuer,
    client_id: flags.clientId,
    client_secret: flags.clientSecret,
    scope: flags.scope,
    tenant: flags.tenant,
    redirect_uri: flags.redirectUri,
  };
}

/** Later layers win, field by field; an undefined field never erases an earlier one. */
function merge(...layers: ProviderEntry[]): ProviderEntry {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) out[key] = value;
  }
  return out as ProviderEntry;
}

/** preset ← config file ← env ← flags, then checked: a provider that cannot work fails here, before any listener. */
export function resolveProvider(
  name: string,
  config: ConfigFile,
  env: NodeJS.ProcessEnv,
  flags: ProviderFlags,
): ResolvedProvider {
  const preset: ProviderEntry = isPresetName(name) ? PRESETS[name] : {};
  const configured = Object.hasOwn(config.providers, name) ? config.providers[name] : undefined;
  if (!isPresetName(name) && !configured && !flags.issuer) {
    throw new LoginError('unknown_provider', `Unknown provider "${name}".`, {
      hint: `Run "oauth-login providers" for the list, pass --issuer URL for any OpenID Provider, or add "${name}" to ${config.path}.`,
    });
  }
  // A bare --issuer for an unknown name means "any OpenID Provider".
  const base: ProviderEntry =
    !isPresetName(name) && !configured?.protocol ? { protocol: 'oidc', scope: 'openid profile email' } : {};
  const merged = merge(base, preset, configured ?? {}, fromEnv(name, env), fromFlags(flags));
  return { name, settings: complete(name, merged, config.path, flags) };
}

function complete(name: string, s: ProviderEntry, configPath: string, { port, flow }: ProviderFlags): ResolvedSettings {
  const protocol = s.protocol ?? 'oidc';
  const tenant = s.tenant ?? 'common';
  const issuer = s.issuer?.replaceAll('{tenant}', tenant);
  const redirect = parseRedirectUri(s.redirect_uri ?? DEFAULT_REDIRECT_URI);
  if (port !== undefined) redirect.port = String(port);
  if (!s.client_id) {
    const what = protocol === 'oauth1' ? 'client id (OAuth 1.0a consumer key, "API key")' : 'client id';
    throw new LoginError('missing_client_id', `No ${what} for "${name}".`, {
      hint:
        `Register an OAuth app${s.register_url ? ` at ${s.register_url}` : ''} with the redirect URI ${redirect.href}, ` +
        `then pass --client-id, set ${envPrefix(name)}CLIENT_ID, or add "client_id" under providers.${name} in ${configPath}.`,
    });
  }
  checkEndpointUrls(name, { ...s, issuer });
  const common = {
    ...(s as Omit<ProviderSettings, 'protocol'>),
    client_id: s.client_id,
    redirect_uri: redirect.href,
    // Only the config file sets it: relative to that file, as a person writing the file expects.
    ca_file: s.ca_file && resolve(dirname(configPath), s.ca_file),
  };
  switch (protocol) {
    case 'oidc': {
      if (!issuer) {
        throw new LoginError('missing_issuer', `Provider "${name}" uses OpenID Connect but has no issuer.`, {
          hint: 'Pass --issuer https://your-provider.example (the URL that serves /.well-known/openid-configuration).',
        });
      }
      // Multi-tenant aliases discover a templated issuer (see flows/tenant-issuer.ts).
      const templated = s.issuer?.includes('{tenant}') && MULTI_TENANT.has(tenant);
      const discovery_issuer = templated ? s.issuer?.replaceAll('{tenant}', '{tenantid}') : undefined;
      return { ...common, protocol, issuer, discovery_issuer, scope: s.scope ?? 'openid' };
    }
    case 'oauth2': {
      const browserFlow = flow === undefined || flow === 'auth-code';
      if ((browserFlow && !s.authorization_endpoint) || !s.token_endpoint) {
        const needed = browserFlow ? 'authorization_endpoint and token_endpoint' : 'a token_endpoint';
        throw new LoginError('missing_endpoints', `Provider "${name}" needs ${needed}.`, {
          hint: `Add them under providers.${name} in ${configPath}, or set "protocol": "oidc" with an issuer.`,
        });
      }
      return { ...common, protocol, token_endpoint: s.token_endpoint, scope: s.scope ?? 'openid' };
    }
    case 'oauth1': {
      const { request_token_url, authorize_url, access_token_url, profile_url } = s;
      if (!request_token_url || !authorize_url || !access_token_url || !profile_url) {
        const missing = OAUTH1_KEYS.filter((key) => !s[key]);
        throw new LoginError(
          'missing_endpoints',
          `Provider "${name}" uses OAuth 1.0a but has no ${missing.join(', ')}.`,
          { hint: `Add ${OAUTH1_KEYS.join(', ')} under providers.${name} in ${configPath}.` },
        );
      }
      // OAuth 1.0a has no scopes: an empty one keeps "openid" out of the stored login.
      const urls = { request_token_url, authorize_url, access_token_url, profile_url };
      return { ...common, ...urls, protocol, scope: s.scope ?? '' };
    }
  }
}

const CHECKED_URLS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'profile_url',
  'emails_url',
  'request_token_url',
  'authorize_url',
  'access_token_url',
] as const;

function checkEndpointUrls(name: string, s: ProviderEntry): void {
  for (const key of CHECKED_URLS) {
    const value = s[key];
    if (value) assertEndpointUrl(value, `${name}.${key}`);
  }
}
