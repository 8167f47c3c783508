import { dirname, resolve } from 'node:path';
import { LoginError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import type { FlowName } from '../kinds.js';
import { type ConfigFile, MACHINE_KEYS, type ProviderEntry } from './config.js';
import { envPrefix } from './env-prefix.js';
import { ENDPOINT_SETTINGS, onHost, withoutForeignHosts } from './hosts.js';
import { DEFAULT_REDIRECT_URI, HOST_TEMPLATES, isPresetName, PRESETS } from './presets.js';
import type { ProviderSettings, ResolvedProvider, ResolvedSettings } from './types.js';
import { assertEndpointUrl, parseRedirectUri, sameUrl } from './urls.js';

export interface ProviderFlags {
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
  /** --private-key-file, as given: made absolute here (`token` may run elsewhere). */
  privateKeyFile?: string;
  scope?: string;
  tenant?: string;
  host?: string;
  redirectUri?: string;
  port?: number;
  /** Only the browser flow needs an authorization endpoint. */
  flow?: FlowName;
  /** From login --prompt, --login-hint and --param: merged over the configured authorization_params. */
  authParams?: Record<string, string>;
}

const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);
/** Microsoft Entra ID's multi-tenant issuers as its documentation writes them. */
const MICROSOFT_ALIAS = /^https:\/\/login\.microsoftonline\.com\/(common|organizations|consumers)\/v2\.0\/?$/;
/** Everything an OAuth 1.0a login calls: the three RFC 5849 endpoints and the profile, which it signs too. */
const OAUTH1_KEYS = ['request_token_url', 'authorize_url', 'access_token_url', 'profile_url'] as const;

function fromEnv(name: string, env: NodeJS.ProcessEnv): ProviderEntry {
  const prefix = envPrefix(name);
  const keyFile = env[`${prefix}PRIVATE_KEY_FILE`];
  return {
    client_id: env[`${prefix}CLIENT_ID`] || undefined,
    client_secret: env[`${prefix}CLIENT_SECRET`] || undefined,
    // Relative to where the command runs, as a flag's path is.
    private_key_file: keyFile ? resolve(keyFile) : undefined,
  };
}

/**
 * The private key file configured now for `name` without flags ($OAUTH_LOGIN_<NAME>_PRIVATE_KEY_FILE, else the config
 * entry's, relative to that file), as resolveProvider would make it; undefined when none is.
 */
export function configuredKeyFile(name: string, config: ConfigFile, env: NodeJS.ProcessEnv): string | undefined {
  const entry = Object.hasOwn(config.providers, name) ? config.providers[name] : undefined;
  const file = fromEnv(name, env).private_key_file ?? entry?.private_key_file;
  return file && resolve(dirname(config.path), file);
}

function fromFlags(flags: ProviderFlags): ProviderEntry {
  return {
    issuer: flags.issuer,
    client_id: flags.clientId,
    client_secret: flags.clientSecret,
    private_key_file: flags.privateKeyFile && resolve(flags.privateKeyFile),
    scope: flags.scope,
    tenant: flags.tenant,
    host: flags.host,
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

/** What a stored login of the same name remembers: the lowest layer, so that `login NAME` again needs no flags. */
export type StoredLayer = Pick<ProviderEntry, 'issuer' | 'client_id'>;

/**
 * stored login ← preset ← config file ← env ← flags, then checked: a provider that cannot work fails here, before
 * any listener.
 */
export function resolveProvider(
  name: string,
  config: ConfigFile,
  env: NodeJS.ProcessEnv,
  flags: ProviderFlags,
  stored: StoredLayer = {},
): ResolvedProvider {
  const configured = Object.hasOwn(config.providers, name) ? config.providers[name] : undefined;
  if (!isPresetName(name) && !configured && !flags.issuer && !stored.issuer) {
    const known = [...Object.keys(PRESETS), ...Object.keys(config.providers)];
    throw new LoginError('unknown_provider', `Unknown provider "${name}".${didYouMean(name, known)}`, {
      hint: `Run "oauth-login providers" for the list, pass --issuer URL for any OpenID Provider, or add "${name}" to ${config.path}.`,
    });
  }
  // A bare --issuer for an unknown name means "any OpenID Provider".
  const base: ProviderEntry =
    !isPresetName(name) && !configured?.protocol ? { protocol: 'oidc', scope: 'openid profile email' } : {};
  const user = merge(settingsOf(configured), fromEnv(name, env), fromFlags(flags));
  const preset = presetFor(name, user);
  const issuer = merge(base, preset, user).issuer;
  // A stored client id belongs to the issuer it signed in at: it fills in for that issuer only (or for none).
  const same = issuer === undefined || (stored.issuer !== undefined && sameUrl(issuer, stored.issuer));
  const merged = merge(base, same ? stored : {}, preset, user);
  if (flags.authParams) merged.authorization_params = { ...merged.authorization_params, ...flags.authParams };
  // The entry's "flow" is a login flag, not a setting, but it decides which endpoints are needed: doctor and inspect
  // (no --flow) must not ask a token-exchange entry for an authorization endpoint.
  return { name, settings: complete(name, merged, config.path, { ...flags, flow: flags.flow ?? configured?.flow }) };
}

/** A config entry without its machine-login keys: those are login flags (flows/configured-grant.ts), not settings. */
function settingsOf(entry: ProviderEntry = {}): ProviderEntry {
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !Object.hasOwn(MACHINE_KEYS, key)));
}

/** The preset as this configuration may use it: on `host`, and with none of its endpoints on hosts it moved from. */
function presetFor(name: string, user: ProviderEntry): ProviderEntry {
  if (!isPresetName(name)) return user.host ? onHost(name, {}, undefined, user.host) : {};
  const preset: ProviderEntry = PRESETS[name];
  if (user.host) return onHost(name, preset, HOST_TEMPLATES[name], user.host);
  return withoutForeignHosts(preset, user);
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
    // The flag's path is absolute already; the config file's is relative to that file, like ca_file.
    private_key_file: s.private_key_file && resolve(dirname(configPath), s.private_key_file),
  };
  switch (protocol) {
    case 'oidc': {
      if (!issuer) {
        throw new LoginError('missing_issuer', `Provider "${name}" uses OpenID Connect but has no issuer.`, {
          hint: 'Pass --issuer https://your-provider.example (the URL that serves /.well-known/openid-configuration).',
        });
      }
      // Multi-tenant aliases discover a templated issuer (see flows/tenant-issuer.ts), whether the issuer was the
      // preset's template or the literal URL Microsoft's documentation gives (…/common/v2.0).
      const templated = s.issuer?.includes('{tenant}') && MULTI_TENANT.has(tenant);
      const literal = MICROSOFT_ALIAS.exec(issuer);
      const discovery_issuer = templated
        ? s.issuer?.replaceAll('{tenant}', '{tenantid}')
        : literal
          ? issuer.replace(literal[1] as string, '{tenantid}')
          : undefined;
      return { ...common, protocol, issuer, discovery_issuer, scope: s.scope ?? 'openid' };
    }
    case 'oauth2': {
      // With an issuer, RFC 8414 metadata names what the configuration leaves out (discover.ts checks it).
      const browserFlow = flow === undefined || flow === 'auth-code';
      if (!s.issuer && ((browserFlow && !s.authorization_endpoint) || !s.token_endpoint)) {
        const needed = browserFlow ? 'authorization_endpoint and token_endpoint' : 'a token_endpoint';
        throw new LoginError('missing_endpoints', `Provider "${name}" needs ${needed}.`, {
          hint: `Add them under providers.${name} in ${configPath}, or an "issuer" that publishes RFC 8414 metadata (/.well-known/oauth-authorization-server), or set "protocol": "oidc".`,
        });
      }
      return {
        ...common,
        protocol,
        issuer,
        scope: s.scope ?? 'openid',
        ...profileUrl(name, s),
      };
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

/** Plain OAuth 2.0: `userinfo_endpoint` (the name people copy from discovery documents) is the profile endpoint. */
function profileUrl(name: string, s: ProviderEntry): { profile_url?: string } {
  if (s.userinfo_endpoint && s.profile_url && s.userinfo_endpoint !== s.profile_url) {
    throw new LoginError(
      'config_invalid',
      `Provider "${name}" has both a userinfo_endpoint and a different profile_url: which one gets the access token?`,
      { hint: 'Keep one of them (for a plain OAuth 2.0 provider they name the same thing).' },
    );
  }
  const url = s.profile_url ?? s.userinfo_endpoint;
  return url ? { profile_url: url } : {};
}

function checkEndpointUrls(name: string, s: ProviderEntry): void {
  for (const key of ENDPOINT_SETTINGS) {
    const value = s[key];
    if (value) assertEndpointUrl(value, `${name}.${key}`);
  }
}
