import type { CommandIo } from '../io.js';
import { accountVariable, openLogins } from '../logins/service.js';
import { switchDefault } from '../logins/switch-default.js';
import { terminalSafe } from '../sanitize.js';

export interface SwitchOptions {
  account: string;
}

/** `oauth-login switch <provider> --account NAME`: that stored login becomes the provider's default (gh auth switch). */
export async function runSwitch(provider: string, options: SwitchOptions, io: CommandIo): Promise<void> {
  const logins = openLogins(io.env);
  const login = await switchDefault(logins, provider, options.account);
  io.ui.success(`${login.provider} now uses ${terminalSafe(login.account)} by default.`);
  // The variable outranks the stored default: say so, or the switch looks as if it did nothing in this shell.
  const variable = accountVariable(provider);
  const fromEnv = io.env[variable];
  if (fromEnv && fromEnv !== login.account)
    io.ui.warn(`${variable} is set to "${terminalSafe(fromEnv)}": it still picks the account in this shell.`);
}
