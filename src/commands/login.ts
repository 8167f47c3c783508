import { chooseBrowser } from '../browser.js';
import { LoginError } from '../errors.js';
import { flowFor } from '../flows/index.js';
import type { LoginResult } from '../flows/types.js';
import { readIndex } from '../logins/index-file.js';
import { accountFor, entryFor, saveLogin, storeForNewLogin, storeOption } from '../logins/sessions.js';
import { type LoginEntry, loginKey } from '../logins/types.js';
import { loginJson, profileLines, writeData } from '../output.js';
import { describeProfile } from '../profile.js';
import { loadConfig } from '../providers/config.js';
import { type ProviderFlags, resolveProvider } from '../providers/resolve.js';
import type { ResolvedProvider } from '../providers/types.js';
import { dataDir } from '../store/paths.js';
import type { Ui } from '../ui.js';
import { validTokens } from './token.js';

export interface LoginOptions extends ProviderFlags {
  config?: string;
  timeout: number;
  browser?: boolean;
  browserCommand?: string;
  json?: boolean;
  showTokens?: boolean;
  store?: string;
  account?: string;
  force?: boolean;
}

export interface CommandIo {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** `oauth-login login <provider>`: reuse a working stored login, or run the flow, store the tokens, print the profile. */
export async function runLogin(name: string, options: LoginOptions, io: CommandIo): Promise<void> {
  const provider = resolveProvider(name, loadConfig(options.config, io.env), io.env, options);
  const dir = dataDir(io.env);
  const option = storeOption(options.store, io.env);
  if (!options.force && option !== 'none' && (await reuseStoredLogin(dir, provider, options, io))) return;
  // Chosen before the browser opens: an explicit --store keychain that cannot work fails before the person signs in.
  const store = await storeForNewLogin(option, dir, io.env, io.ui);
  const result = await flowFor(provider)(provider, {
    ui: io.ui,
    signal: io.signal,
    deadline: Date.now() + options.timeout * 1000,
    browser: chooseBrowser(options, io.env),
  });
  const entry = entryFor(result, provider, accountFor(result, options.account), store.kind);
  await saveLogin(dir, store, entry, { tokens: result.tokens, client_secret: provider.settings.client_secret });
  io.ui.success(
    `Signed in to ${provider.settings.title ?? provider.name} as ${describeProfile(result.profile)} (tokens: ${storeLabel(store.kind)})`,
  );
  writeData(
    options.json
      ? JSON.stringify(loginJson(result, options.showTokens === true))
      : profileLines(result.provider, result.profile),
  );
}

function storeLabel(kind: string): string {
  return kind === 'memory' ? 'not stored' : kind === 'file' ? 'private file' : 'OS keychain';
}

/** As kubelogin does: a stored login whose token is valid (or refreshes) needs no browser. */
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
  let tokens: LoginResult['tokens'];
  try {
    tokens = await validTokens(dir, entry, 60, io.signal);
  } catch (err) {
    if (err instanceof LoginError && err.code !== 'needs_login')
      io.ui.warn(`Could not reuse the stored login: ${err.message}`);
    return false;
  }
  const profile = { ...entry.profile, raw: {} };
  io.ui.success(
    `Already signed in to ${provider.settings.title ?? provider.name} as ${describeProfile(profile)}; use --force to sign in again.`,
  );
  const result: LoginResult = {
    provider: provider.name,
    profile,
    tokens,
    server: { token_endpoint: entry.token_endpoint },
  };
  writeData(
    options.json
      ? JSON.stringify(loginJson(result, options.showTokens === true))
      : profileLines(provider.name, profile),
  );
  return true;
}
