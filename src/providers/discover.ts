import * as oauth from 'oauth4webapi';
import { LoginError, toLoginError } from '../errors.js';
import { httpOptions } from '../http.js';
import type { ProviderSettings, ResolvedProvider } from './types.js';
import { assertEndpointUrl } from './urls.js';

const ENDPOINT_KEYS = [
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'device_authorization_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'jwks_uri',
] as const;

export type NeededEndpoint = 'authorization_endpoint' | 'token_endpoint' | 'device_authorization_endpoint';

/**
 * The authorization server: discovered for OIDC (issuer must match), built from the settings for plain OAuth 2.0.
 * `needs` lists the endpoints the caller's flow cannot do without.
 */
export async function discover(
  provider: ResolvedProvider,
  signal: AbortSignal,
  needs: readonly NeededEndpoint[] = ['authorization_endpoint', 'token_endpoint'],
): Promise<oauth.AuthorizationServer> {
  const s = provider.settings;
  let as: oauth.AuthorizationServer;
  if (s.protocol === 'oidc') {
    as = await fetchMetadata(
      provider.name,
      new URL(s.issuer as string),
      new URL(s.discovery_issuer ?? (s.issuer as string)),
      signal,
    );
  } else {
    as = { issuer: new URL((s.authorization_endpoint ?? s.token_endpoint) as string).origin };
  }
  // Explicit endpoints in presets or config win over discovered ones (e.g. a proxy in front of the token endpoint).
  for (const key of [
    'authorization_endpoint',
    'token_endpoint',
    'userinfo_endpoint',
    'device_authorization_endpoint',
    'revocation_endpoint',
  ] as const) {
    if (s[key]) as = { ...as, [key]: s[key] };
  }
  // A hostile or broken discovery document must not send us (or the browser) to file:, javascript: or plain-http hosts.
  for (const key of ENDPOINT_KEYS) {
    const value = as[key];
    if (value !== undefined) assertEndpointUrl(String(value), `${provider.name} ${key}`);
  }
  const missing = needs.filter((key) => !as[key]);
  if (missing.length > 0) {
    throw new LoginError('missing_endpoints', `Provider "${provider.name}" has no ${missing.join(' or ')}.`, {
      hint: `Add ${missing.map((k) => `"${k}"`).join(' and ')} under providers.${provider.name} in the config file if the provider has one.`,
    });
  }
  return as;
}

async function fetchMetadata(
  name: string,
  issuer: URL,
  expected: URL,
  signal: AbortSignal,
): Promise<oauth.AuthorizationServer> {
  try {
    const response = await oauth.discoveryRequest(issuer, { ...httpOptions(signal), algorithm: 'oidc' });
    return await oauth.processDiscoveryResponse(expected, response);
  } catch (err) {
    if ((err as { code?: string }).code === oauth.JSON_ATTRIBUTE_COMPARISON) {
      throw new LoginError(
        'issuer_mismatch',
        `The discovery document of "${name}" names a different issuer than ${issuer.href}.`,
        {
          hint: 'The configured issuer must be exactly the "issuer" its /.well-known/openid-configuration returns.',
          cause: err,
        },
      );
    }
    throw toLoginError(err, `OpenID discovery at ${issuer.href}`);
  }
}

/** Public clients (no secret) authenticate with PKCE alone. */
export function clientAuthFor(s: Pick<ProviderSettings, 'client_secret' | 'token_auth'>): oauth.ClientAuth {
  if (!s.client_secret || s.token_auth === 'none') return oauth.None();
  return s.token_auth === 'client_secret_post'
    ? oauth.ClientSecretPost(s.client_secret)
    : oauth.ClientSecretBasic(s.client_secret);
}
