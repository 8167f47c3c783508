import * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { type Answer, toLoginError } from '../error-mapping.js';
import { terminalSafe } from '../sanitize.js';
import { oauthOptions } from '../oauth-client.js';
import { answerOf } from '../transport.js';
import type { ResolvedProvider } from './types.js';
import { assertEndpoints } from './metadata-url.js';

/** Endpoints that presets and config may set; they win over discovered ones (e.g. a proxy in front of one). */
const OVERRIDABLE = [
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'device_authorization_endpoint',
  'revocation_endpoint',
] as const;

export type NeededEndpoint = 'authorization_endpoint' | 'device_authorization_endpoint';

/** The authorization server of a provider: every flow and stored login needs its token endpoint. */
export type Server = oauth.AuthorizationServer & { token_endpoint: string };

/**
 * The authorization server: discovered for OIDC (issuer must match), built from the settings for plain OAuth 2.0.
 * `needs` lists the endpoints besides the token endpoint that the caller's flow cannot do without; they are checked
 * here, so the result's type has them.
 */
export async function discover<N extends NeededEndpoint = never>(
  provider: ResolvedProvider,
  signal: AbortSignal,
  needs: readonly N[] = [],
): Promise<Server & Record<N, string>> {
  const s = provider.settings;
  let as: oauth.AuthorizationServer;
  if (provider.discovered && s.protocol !== 'oauth1') as = provider.discovered;
  else as = await fetchServer(provider, signal);
  for (const key of OVERRIDABLE) if (s[key]) as = { ...as, [key]: s[key] };
  // A hostile or broken discovery document must not send us (or the browser) to file:, javascript: or plain-http
  // hosts, nor to a link-local or cloud metadata address (which hands out the machine's own credentials).
  assertEndpoints(as, (key) => `${provider.name} ${key}`, ENDPOINT_HINT);
  const missing = [...needs, 'token_endpoint' as const].filter((key) => !as[key]);
  if (missing.length > 0 || !as.token_endpoint) {
    throw new LoginError('missing_endpoints', `Provider "${provider.name}" has no ${missing.join(' or ')}.`, {
      hint: `Add ${missing.map((k) => `"${k}"`).join(' and ')} under providers.${provider.name} in the config file if the provider has one.`,
    });
  }
  return as as Server & Record<N, string>;
}

/** The server's metadata as the provider's settings say: discovered (OIDC, RFC 8414), or just an issuer. */
async function fetchServer({ name, settings: s }: ResolvedProvider, signal: AbortSignal) {
  switch (s.protocol) {
    case 'oidc':
      return fetchMetadata(name, new URL(s.issuer), new URL(s.discovery_issuer ?? s.issuer), signal);
    case 'oauth2': {
      if (s.issuer) return fetchMetadata(name, new URL(s.issuer), new URL(s.issuer), signal, s.metadata ?? 'oauth2');
      const endpoint = s.authorization_endpoint ?? s.token_endpoint;
      if (!endpoint) throw new LoginError('missing_endpoints', `Provider "${name}" has no token_endpoint.`);
      return { issuer: new URL(endpoint).origin };
    }
    case 'oauth1':
      throw new LoginError('unsupported_flow', `${name} uses OAuth 1.0a, which has no OAuth 2.0 server.`);
  }
}

const ENDPOINT_HINT =
  "Nothing was sent there. If the provider's discovery document names it, the provider is misconfigured or hostile; if the config file does, point it at the provider's real endpoint.";

/** OpenID Connect discovery, or RFC 8414 authorization server metadata (with its path insertion). */
export async function fetchMetadata(
  name: string,
  issuer: URL,
  expected: URL,
  signal: AbortSignal,
  algorithm: 'oidc' | 'oauth2' = 'oidc',
) {
  const kind = algorithm === 'oidc' ? 'OpenID discovery' : 'the authorization server metadata (RFC 8414)';
  const what = `${kind} at ${issuer.href}`;
  let answer: Answer | undefined; // read before oauth4webapi consumes the body, so that an error can quote it
  try {
    const response = await oauth.discoveryRequest(issuer, { ...oauthOptions(signal, what), algorithm });
    answer = await answerOf(response);
    return await oauth.processDiscoveryResponse(expected, response);
  } catch (err) {
    if ((err as { code?: string }).code === oauth.JSON_ATTRIBUTE_COMPARISON) throw issuerMismatch(name, issuer, err);
    throw toLoginError(err, what, answer);
  }
}

/** The issuer a discovery document names must be the configured one, exactly: say which it named, and what to do. */
function issuerMismatch(name: string, issuer: URL, err: unknown): LoginError {
  const named = (err as { cause?: { body?: { issuer?: unknown } } }).cause?.body?.issuer;
  const shown = typeof named === 'string' ? terminalSafe(named, 200) : undefined;
  const said = shown
    ? `names the issuer "${shown}", not ${issuer.href}`
    : `names a different issuer than ${issuer.href}`;
  const hint = shown?.includes('{tenantid}')
    ? 'A multi-tenant Microsoft issuer: use the "microsoft" preset (with --tenant), or --issuer https://login.microsoftonline.com/common/v2.0.'
    : shown
      ? `If that is the provider you mean, configure exactly that issuer (--issuer ${shown}); otherwise the URL points at another server.`
      : 'The configured issuer must be exactly the "issuer" its /.well-known/openid-configuration returns.';
  return new LoginError('issuer_mismatch', `The discovery document of "${name}" ${said}.`, { hint, cause: err });
}
