import { isMachineFlow } from '../kinds.js';
import { type ConfigFile, loadConfig } from '../providers/config.js';
import { configuredKeyFile } from '../providers/resolve.js';
import { needsRelogin } from './relogin-hint.js';
import type { StoredLogin } from './types.js';

/**
 * The key file configured now ($OAUTH_LOGIN_<NAME>_PRIVATE_KEY_FILE or "private_key_file") when a stored machine login
 * was made with another: a rotated key must not keep signing with the old one. Only when one is configured: a login
 * made with --private-key-file and nothing configured keeps its own.
 */
function changedKeyFile(login: StoredLogin, config: ConfigFile, env: NodeJS.ProcessEnv): string | undefined {
  if (login.kind !== 'machine') return undefined;
  const configured = configuredKeyFile(login.provider, config, env);
  return configured === undefined || configured === login.private_key_file ? undefined : configured;
}

/** At renewal: a machine login whose key file changed needs a login, naming both key files. */
export function checkKeyFile(login: StoredLogin, configFlag: string | undefined, env: NodeJS.ProcessEnv): void {
  if (login.kind !== 'machine') return;
  const configured = changedKeyFile(login, loadConfig(configFlag, env), env);
  if (configured === undefined) return;
  const was = login.private_key_file ?? 'a client secret or assertion';
  const why = `it was made with ${was}, and the key file configured now is ${configured}`;
  throw needsRelogin(login, why, { env, config: configFlag });
}

/**
 * What the config says of a machine login for `provider`, read once: the machine flow its entry names, if any, and
 * whether the stored login was made with another key file than the one configured now.
 */
export function configuredMachine(
  provider: string,
  stored: StoredLogin | undefined,
  configFlag: string | undefined,
  env: NodeJS.ProcessEnv,
): { flow: string | undefined; keyChanged: boolean } {
  const config = loadConfig(configFlag, env);
  const flow = Object.hasOwn(config.providers, provider) ? config.providers[provider]?.flow : undefined;
  const keyChanged = stored !== undefined && changedKeyFile(stored, config, env) !== undefined;
  return { flow: isMachineFlow(flow) ? flow : undefined, keyChanged };
}
