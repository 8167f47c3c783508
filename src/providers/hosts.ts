import { LoginError } from '../errors.js';
import type { ProviderEntry } from './config.js';

/** Every setting that names a URL a request (and so a code, secret or token) is sent to. */
export const ENDPOINT_SETTINGS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'device_authorization_endpoint',
  'revocation_endpoint',
  'profile_url',
  'emails_url',
  'request_token_url',
  'authorize_url',
  'access_token_url',
] as const;

const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : url);
const hostsOf = (entry: ProviderEntry) =>
  new Set(ENDPOINT_SETTINGS.map((key) => entry[key]).flatMap((url) => (url ? [hostOf(url)] : [])));

/**
 * A preset whose endpoints the user's configuration moved to another host keeps none of its own on hosts the
 * configuration does not name: a GitHub Enterprise token must never go to api.github.com. What is then missing is
 * reported by name when the provider is checked.
 */
export function withoutForeignHosts(preset: ProviderEntry, user: ProviderEntry): ProviderEntry {
  const named = hostsOf(user);
  const presetHosts = hostsOf(preset);
  if (named.size === 0 || [...named].every((host) => presetHosts.has(host))) return preset;
  const kept: ProviderEntry = { ...preset };
  for (const key of ENDPOINT_SETTINGS) {
    const url = kept[key];
    if (url && !named.has(hostOf(url))) delete kept[key];
  }
  return kept;
}

/** `--host` / `"host"`: the preset's endpoints for a self-hosted server (GitHub Enterprise Server), from its templates. */
export function onHost(name: string, preset: ProviderEntry, templates: ProviderEntry | undefined, host: string) {
  if (!templates) {
    throw new LoginError(
      'usage',
      `--host (or "host") applies only to providers with a self-hosted edition, not "${name}".`,
      {
        hint: 'For another server, set its endpoints (or "issuer") in the config file instead.',
      },
    );
  }
  if (!/^[a-z0-9.-]+(?::\d{1,5})?$/i.test(host)) {
    throw new LoginError(
      'usage',
      `--host must be a host name (and optional port), like github.example.com: got "${host}".`,
    );
  }
  const derived: ProviderEntry = {};
  for (const key of ENDPOINT_SETTINGS) {
    const template = templates[key];
    if (template) derived[key] = template.replaceAll('{host}', host);
  }
  return { ...withoutForeignHosts(preset, derived), ...derived };
}
