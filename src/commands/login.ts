import { LoginError } from '../errors.js';
import { requestedGrant, sameGrant } from '../flows/client-credentials.js';
import { flowFor } from '../flows/index.js';
import type { LoginResult } from '../flows/types.js';
import { readIndex } from '../logins/index-file.js';
import { accountFor, entryFor, saveLogin, storeForNewLogin, storeOption } from '../logins/sessions.js';
import { type LoginEntry, loginKey } from '../logins/types.js';
import { loginJson, machineJson, machineLines, profileLines, writeData } from '../output.js';
import { terminalJson } from '../json-out.js';
import { describeProfile } from '../profile.js';
import { loadConfig } from '../providers/config.js';
import { type ProviderFlags, resolveProvider } from '../providers/resolve.js';
import type { ResolvedProvider } from '../providers/types.js';
import { dataDir } from '../store/paths.js';
import { terminalSafe } from '../sanitize.js';
import { type ContextIo, type ContextOptions, checkFlowFlags, flowContext } from './login-context.js';
import { validTokens } from './token.js';

export interface LoginOptions extends ProviderFlags, ContextOptions {
  config?: string;
  json?: boolean;
  showTokens?: boolean;
  store?: string;
  account?: string;
  force?: boolean;
}

export type CommandIo = ContextIo;

const isMachine = (flow: string | undefined) => flow === 'client-credentials';

/** `oauth-login login <provider>`: reuse a working stored login, or run the flow, store the tokens, print the result. */
export async function runLogin(name: string, options: LoginOptions, io: CommandIo): Promise<void> {
  checkFlowFlags(options);
  const provider = resolveProvider(name, loadConfig(options.config, io.env), io.env, options);
  const dir = dataDir(io.env);
  const option = storeOption(options.store, io.env);
  if (!options.force && option !== 'none' && (await reuseStoredLogin(dir, provider, options, io))) return;
  const ctx = flowContext(provider, options, io);
  // Chosen before the browser opens: an explicit --store keychain that cannot work fails before the person signs in.
  const store = await storeForNewLogin(option, dir, io.env, io.ui);
  const result = await flowFor(provider, options.flow)(provider, ctx);
  const account = accountFor(result, options.account);
  const entry = entryFor(result, provider, account, store.kind);
  await saveLogin(dir, store, entry, { tokens: result.tokens, client_secret: provider.settings.client_secret });
  const title = provider.settings.title ?? provider.name;
  const label = storeLabel(store.kind);
  io.ui.success(
    isMachine(result.flow)
      ? `Got a client-credentials token from ${title} for client ${terminalSafe(entry.client_id)} (tokens: ${label})`
      : `Signed in to ${title} as ${describeProfile(result.profile)} (tokens: ${label})`,
  );
  printResult(result, entry, options);
}

function printResult(result: LoginResult, entry: LoginEntry, options: LoginOptions): void {
  const tokens = options.showTokens === true;
  if (isMachine(entry.flow)) {
    writeData(
      options.json
        ? terminalJson(machineJson(result, entry.client_id, entry.account, tokens))
        : machineLines(result, entry.client_id, entry.account),
    );
    return;
  }
  writeData(options.json ? terminalJson(loginJson(result, tokens)) : profileLines(result.provider, result.profile));
}

function storeLabel(kind: string): string {
  return kind === 'memory' ? 'not stored' : kind === 'file' ? 'private file' : 'OS keychain';
}

/** As kubelogin does: a stored login whose token is valid (or renews) needs no browser. */
async function reuseStoredLogin(
  dir: string,
  provider: ResolvedProvider,
  options: LoginOptions,
  io: CommandIo,
): Promise<boolean> {
  const index = readIndex(dir);
  const account = options.account ?? index.defaults[provider.name];
  const entry: LoginEntry | undefined =
    account === undefined ? undefined : index.logins[loginKey(provider.name, account)];
  if (!entry || entry.client_id !== provider.settings.client_id) return false;
  // The same name pointed at another issuer (e.g. --issuer, a self-hosted GitLab) is another login.
  const issuer = provider.settings.discovery_issuer ? undefined : provider.settings.issuer;
  if (issuer && entry.issuer && new URL(entry.issuer).href !== new URL(issuer).href) return false;
  // A person's login never stands in for a machine's, nor the other way round.
  if (isMachine(entry.flow) !== isMachine(options.flow)) return false;
  if (isMachine(entry.flow) && !sameGrant(entry.grant, requestedGrant(provider, options))) return false;
  let tokens: LoginResult['tokens'];
  try {
    tokens = await validTokens(dir, entry, 60, io.signal);
  } catch (err) {
    if (err instanceof LoginError && err.code !== 'needs_login')
      io.ui.warn(`Could not reuse the stored login: ${err.message}`);
    return false;
  }
  const profile = { ...entry.profile, raw: {} };
  const title = provider.settings.title ?? provider.name;
  io.ui.success(
    isMachine(entry.flow)
      ? `Already have a valid client-credentials token from ${title}; use --force to ask for a new one.`
      : `Already signed in to ${title} as ${describeProfile(profile)}; use --force to sign in again.`,
  );
  const result: LoginResult = {
    provider: provider.name,
    profile,
    tokens,
    server: { token_endpoint: entry.token_endpoint },
  };
  printResult(result, entry, options);
  return true;
}
