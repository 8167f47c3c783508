import type * as oauth from 'oauth4webapi';
import { LoginError } from '../errors.js';
import { CLOCK_LEEWAY_S } from '../oauth-client.js';
import { discover } from '../providers/discover.js';
import type { ResolvedProvider } from '../providers/types.js';
import { type Check, fail, pass } from './types.js';

/** The leeway every ID token check allows (src/flows/id-token.ts); beyond it fresh tokens look expired or not yet valid. */
export const MAX_SKEW_S = CLOCK_LEEWAY_S;

/**
 * Our clock minus the server's, in whole seconds. The Date header has a one-second resolution and was written
 * somewhere between sending and receiving, so compare it with the middle of the round trip.
 */
export function clockSkew(dateHeader: string | null, sentAt: number, receivedAt: number): number | undefined {
  const server = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  if (Number.isNaN(server)) return undefined;
  return Math.round(((sentAt + receivedAt) / 2 - server) / 1000);
}

/** The URL whose Date header we read: the discovery document, else the origin of the first endpoint a login calls. */
export function probeUrl(provider: ResolvedProvider): URL {
  const s = provider.settings;
  switch (s.protocol) {
    case 'oidc':
      return new URL('.well-known/openid-configuration', s.issuer.endsWith('/') ? s.issuer : `${s.issuer}/`);
    case 'oauth2':
      // Resolution guarantees a token endpoint or an issuer.
      return new URL(new URL(s.token_endpoint ?? s.issuer ?? '').origin);
    case 'oauth1':
      return new URL(new URL(s.request_token_url).origin);
  }
}

/** One answer from the provider, as the network check got it. */
export interface Probe {
  url: URL;
  date: string | null;
  sentAt: number;
  receivedAt: number;
}

/** The provider's clock against ours, from the network check's answer: no second request. */
export function checkClock(probe: Probe | undefined): Check {
  if (!probe) return fail('clock', 'not checked: the provider did not answer the network check', undefined);
  const { origin } = probe.url;
  const skew = clockSkew(probe.date, probe.sentAt, probe.receivedAt);
  if (skew === undefined) return pass('clock', `not checked: ${origin} sent no Date header`);
  if (Math.abs(skew) <= MAX_SKEW_S) return pass('clock', `within ${Math.abs(skew)} s of ${origin}`);
  return fail(
    'clock',
    `this machine's clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} ${origin}`,
    'Synchronise the clock (e.g. "timedatectl set-ntp true", or enable network time in the system settings).',
  );
}

/**
 * discover() already checks the issuer and every endpoint URL; here, what a login with PKCE also relies on. Only a
 * browser login (an entry naming no machine "flow") needs an authorization endpoint.
 */
export async function checkDiscovery(
  provider: ResolvedProvider,
  signal: AbortSignal,
  browser: boolean,
): Promise<Check> {
  if (provider.settings.protocol === 'oauth1')
    return pass('discovery', 'not used: OAuth 1.0a endpoints are configured');
  let as: oauth.AuthorizationServer;
  try {
    as = await discover(provider, signal, browser ? ['authorization_endpoint'] : []);
  } catch (err) {
    return err instanceof LoginError
      ? fail('discovery', err.message, err.hint)
      : fail('discovery', String(err), undefined);
  }
  if (provider.settings.protocol !== 'oidc')
    return pass('discovery', 'not used: endpoints come from the preset or config');
  const problems = [
    !as.jwks_uri && 'no jwks_uri (ID tokens cannot be verified)',
    as.response_types_supported && !as.response_types_supported.includes('code') && 'response type "code" unsupported',
    as.code_challenge_methods_supported &&
      !as.code_challenge_methods_supported.includes('S256') &&
      'PKCE S256 unsupported',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) {
    return fail(
      'discovery',
      `${as.issuer}: ${problems.join('; ')}`,
      'This provider cannot be used for a verified OIDC login.',
    );
  }
  const device = as.device_authorization_endpoint ? ', device flow offered' : '';
  return pass('discovery', `${as.issuer} answers and matches the configured issuer${device}`);
}
