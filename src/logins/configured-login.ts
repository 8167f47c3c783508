import { loadConfig } from '../providers/config.js';
import { configuredKeyFile } from '../providers/resolve.js';
import { needsRelogin } from './relogin-hint.js';
import type { StoredLogin } from './types.js';

const MACHINE_FLOWS = new Set(['client-credentials', 'token-exchange']);

/**
 * A stored machine login stands only for the key file configured now ($OAUTH_LOGIN_<NAME>_PRIVATE_KEY_FILE or
 * "private_key_file"): a rotated key must not keep signing with the old one. Only when one is configured: a login made
 * with --private-key-file and nothing configured keeps its own.
 */
export function checkKeyFile(login: StoredLogin, configFlag: string | undefined, env: NodeJS.ProcessEnv): void {
  if (login.kind !== 'machine') return;
  const configured = configuredKeyFile(login.provider, loadConfig(configFlag, env), env);
  if (configured === undefined || configured === login.private_key_file) return;
  const was = login.private_key_file ?? 'a client secret or assertion';
  const why = `it was made with ${was}, and the key file configured now is ${configured}`;
  throw needsRelogin(login, why, { env, config: configFlag });
}

/** The machine flow ("token-exchange" or "client-credentials") the config entry names for `provider`, if any. */
export function configuredMachineFlow(
  provider: string,
  configFlag: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const config = loadConfig(configFlag, env);
  const flow = Object.hasOwn(config.providers, provider) ? config.providers[provider]?.flow : undefined;
  return flow && MACHINE_FLOWS.has(flow) ? flow : undefined;
}

/** The stored login was made with another key file than the one configured now (checkKeyFile would refuse it). */
export function keyChanged(login: StoredLogin, config: string | undefined, env: NodeJS.ProcessEnv): boolean {
  try {
    checkKeyFile(login, config, env);
    return false;
  } catch {
    return true;
  }
}
