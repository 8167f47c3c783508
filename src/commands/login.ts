import { chooseBrowser } from '../browser.js';
import { authCodeFlow } from '../flows/auth-code.js';
import type { LoginResult } from '../flows/types.js';
import { loginJson, profileLines, writeData } from '../output.js';
import { describeProfile } from '../profile.js';
import { loadConfig } from '../providers/config.js';
import { type ProviderFlags, resolveProvider } from '../providers/resolve.js';
import type { Ui } from '../ui.js';

export interface LoginOptions extends ProviderFlags {
  config?: string;
  timeout: number;
  browser?: boolean;
  browserCommand?: string;
  json?: boolean;
  showTokens?: boolean;
}

export interface CommandIo {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** `oauth-login login <provider>`: resolve, run the flow, print the profile. Parsing and exit codes live in cli.ts. */
export async function runLogin(name: string, options: LoginOptions, io: CommandIo): Promise<LoginResult> {
  const config = loadConfig(options.config, io.env);
  const provider = resolveProvider(name, config, io.env, options);
  const result = await authCodeFlow(provider, {
    ui: io.ui,
    signal: io.signal,
    deadline: Date.now() + options.timeout * 1000,
    browser: chooseBrowser(options, io.env),
  });
  io.ui.success(`Signed in to ${provider.settings.title ?? provider.name} as ${describeProfile(result.profile)}`);
  writeData(options.json ? JSON.stringify(loginJson(result, options.showTokens === true)) : profileLines(result));
  return result;
}
