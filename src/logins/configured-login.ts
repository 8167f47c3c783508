import { LoginError } from '../errors.js';
import type { CommandIo, SignIn } from '../io.js';
import { loadConfig } from '../providers/config.js';
import { configuredKeyFile } from '../providers/resolve.js';
import { needsRelogin } from './relogin-hint.js';
import { askedAccount, findLogin, type Logins } from './service.js';
import type { StoredLogin } from './types.js';

export interface ConfiguredRequest {
  account?: string;
  config?: string;
  caFile?: string;
}

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

/**
 * `token` for a provider whose config entry names a machine flow ("flow": "token-exchange" or "client-credentials"):
 * with no login stored (a fresh CI job) or one made with another key file, the login runs here, from the config
 * alone (its summary on stderr, stdout kept for the token), and `attempt` runs again.
 */
export async function withConfiguredLogin<T>(
  logins: Logins,
  provider: string,
  request: ConfiguredRequest,
  attempt: () => Promise<T>,
  signIn: SignIn | undefined,
  io: CommandIo,
): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (!signIn || !(err instanceof LoginError) || err.code !== 'needs_login') throw err;
    const config = loadConfig(request.config, io.env);
    const flow = Object.hasOwn(config.providers, provider) ? config.providers[provider]?.flow : undefined;
    if (!flow || !MACHINE_FLOWS.has(flow)) throw err;
    const account = askedAccount(logins, provider, request.account);
    const stored = findLogin(logins, provider, account);
    if (stored && !keyChanged(stored, request.config, io.env)) throw err;
    io.ui.info(
      `${stored ? err.message : `Not logged in to ${provider}.`} Logging in with its configured ${flow} flow.`,
    );
    await signIn({ provider, account, config: request.config, caFile: request.caFile }, io);
    return attempt();
  }
}

function keyChanged(login: StoredLogin, config: string | undefined, env: NodeJS.ProcessEnv): boolean {
  try {
    checkKeyFile(login, config, env);
    return false;
  } catch {
    return true;
  }
}
