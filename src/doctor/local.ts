import { existsSync } from 'node:fs';
import { LoginError } from '../errors.js';
import { storeOption } from '../logins/stores.js';
import { startLoopback } from '../loopback.js';
import { type ConfigFile, loadConfig } from '../providers/config.js';
import { resolveProvider } from '../providers/resolve.js';
import type { ResolvedProvider } from '../providers/types.js';
import { probeKeychain } from '../store/keychain.js';
import { type Check, type DoctorOptions, fail, pass, warn } from './types.js';

const failed = (name: string, err: unknown): Check =>
  err instanceof LoginError ? fail(name, err.message, err.hint) : fail(name, String(err), undefined);

export function checkConfig(options: DoctorOptions, env: NodeJS.ProcessEnv): { check: Check; config?: ConfigFile } {
  try {
    const config = loadConfig(options.config, env);
    const count = Object.keys(config.providers).length;
    const detail = existsSync(config.path)
      ? `${config.path} is valid (${count} provider${count === 1 ? '' : 's'})`
      : `${config.path} does not exist: presets only`;
    return { check: pass('config file', detail), config };
  } catch (err) {
    return { check: failed('config file', err) };
  }
}

/** Resolving the provider is where a missing client id (or issuer, or a bad redirect URI) shows up. */
export function checkClientId(
  name: string,
  config: ConfigFile,
  env: NodeJS.ProcessEnv,
  options: DoctorOptions,
): { check: Check; provider?: ResolvedProvider } {
  try {
    const provider = resolveProvider(name, config, env, options);
    return { check: pass('client id', `${provider.settings.client_id} for ${name}`), provider };
  } catch (err) {
    if (!(err instanceof LoginError && err.code === 'missing_client_id')) return { check: failed('provider', err) };
    // The port, the clock and discovery do not depend on the client id: check them anyway, so one run shows all.
    const provider = resolveProvider(name, config, env, { ...options, clientId: 'unset' });
    return { check: failed('client id', err), provider };
  }
}

/** Binds the redirect URI's port exactly as a login would, then lets it go. */
export async function checkPort(provider: ResolvedProvider, signal: AbortSignal): Promise<Check> {
  const redirect = new URL(provider.settings.redirect_uri);
  if (redirect.port === '0') return pass('redirect URI', `${redirect.href}: a free port is picked at login`);
  try {
    const loopback = await startLoopback({ redirectUri: redirect, accept: () => undefined, signal });
    await loopback.close();
    return pass('redirect URI', `${redirect.href}: port ${redirect.port || 80} is free`);
  } catch (err) {
    return failed('redirect URI', err);
  }
}

const KEYCHAIN_FIX =
  'Start or unlock a Secret Service (gnome-keyring, KWallet, KeePassXC), or keep tokens in a 0600 file with --store file or OAUTH_LOGIN_STORE=file.';

/**
 * The store a login would use (--store, else $OAUTH_LOGIN_STORE, else auto). With auto, a keychain that does not
 * answer is a warning: the login still works, its tokens are kept for that run only. Asked for by name, a failure.
 */
export async function checkKeychain(env: NodeJS.ProcessEnv, store?: string): Promise<Check> {
  let option: string;
  try {
    option = storeOption(store, env);
  } catch (err) {
    return failed('keychain', err);
  }
  const source = store === undefined ? `OAUTH_LOGIN_STORE=${option}` : `--store ${option}`;
  if (option === 'file' || option === 'none') return pass('keychain', `not used (${source})`);
  const probe = await probeKeychain(env);
  if (probe.ok) return pass('keychain', 'the OS keychain answers');
  const reason = `the OS keychain is unavailable: ${probe.reason}`;
  if (option === 'keychain') return fail('keychain', reason, KEYCHAIN_FIX);
  return warn('keychain', `${reason}; a login works, but its tokens are kept for that run only`, KEYCHAIN_FIX);
}
