/**
 * `OAUTH_LOGIN_<NAME>_…`: the provider name upper-cased, anything not alphanumeric turned into `_`. Its own module:
 * the fast path (fast.ts, logins/service.ts) needs it without resolve.ts, the config file and the presets.
 */
export function envPrefix(name: string): string {
  return `OAUTH_LOGIN_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}
