import { ExitCode, LoginError } from '../errors.js';
import type { CommandIo, SignIn } from '../io.js';
import { formatCredential, parseCredentialRequest } from '../integrations/git-protocol.js';
import { parseGitHost, requestAllowed } from '../integrations/git-host.js';
import { gitMayPrompt } from '../integrations/terminal.js';
import { expireAccessToken } from '../logins/expire.js';
import { relogin } from '../logins/relogin.js';
import { askedAccount, findLogin, openLogins, requireLogin } from '../logins/service.js';
import { validTokens } from '../logins/valid-tokens.js';
import { storedCaFile } from '../network/ca.js';
import { loadConfig } from '../providers/config.js';
import { isPresetName, PRESETS } from '../providers/presets.js';
import { terminalSafe } from '../sanitize.js';
import { configureNetwork } from '../transport.js';

export interface GitCredentialOptions {
  provider: string;
  /** The host setup-git configured: a request for any other is not answered. */
  host?: string;
  account?: string;
  config?: string;
}

/**
 * `oauth-login git-credential --provider P get|store|erase`, run by git (gitcredentials(7)). `get` answers a valid
 * access token; `erase` (git's verdict that the server refused it) marks it expired so the next `get` renews it;
 * `store` keeps nothing, the token is already stored. Any other operation is ignored, as git asks. When there is no
 * token to give, stdout stays empty and stderr gets one line, so git goes on to its prompt.
 */
export async function runGitCredential(
  operation: string,
  input: string,
  options: GitCredentialOptions,
  io: CommandIo,
  signIn?: SignIn,
): Promise<number> {
  if (operation !== 'get' && operation !== 'erase') return ExitCode.ok;
  const request = parseCredentialRequest(input);
  const allowed = requestAllowed(request, options.host === undefined ? undefined : parseGitHost(options.host));
  if (allowed === 'other-host') return ExitCode.ok;
  const logins = openLogins(io.env);
  if (operation === 'erase') {
    const login = findLogin(logins, options.provider, askedAccount(logins, options.provider, options.account));
    if (login && request.password) await expireAccessToken(logins, login, request.password);
    return ExitCode.ok;
  }
  const url = `${terminalSafe(request.protocol ?? '?', 20)}://${terminalSafe(request.host ?? '?', 100)}`;
  if (allowed === 'insecure') {
    io.ui.warn(`oauth-login: no token for ${url}: only https (or http on this machine) may carry one.`);
    return ExitCode.error;
  }
  try {
    const attempt = async () => {
      const login = requireLogin(logins, options.provider, options.account);
      configureNetwork(io.env, storedCaFile(undefined, io.env, login));
      return validTokens(logins, login, 60, io.signal);
    };
    const ask = signIn && gitMayPrompt(io.env) ? signIn : undefined;
    const tokens = await relogin(logins, options.provider, { account: options.account }, attempt, { person: ask }, io);
    const fields: [string, string][] = [
      ['username', gitUsername(options, io.env)],
      ['password', tokens.access_token],
    ];
    if (tokens.expires_at !== undefined) fields.push(['password_expiry_utc', String(tokens.expires_at)]);
    io.out(formatCredential(fields));
    return ExitCode.ok;
  } catch (err) {
    if (!(err instanceof LoginError)) throw err;
    // One line: git prints it above its own prompt.
    io.ui.warn(`oauth-login: no token for ${url}: ${err.message}${err.hint ? ` ${err.hint}` : ''}`);
    return err.exitCode;
  }
}

/** The username git sends with the token: the config's `git_username`, else the preset's, else `oauth2`. */
function gitUsername(options: GitCredentialOptions, env: NodeJS.ProcessEnv): string {
  const configured = loadConfig(options.config, env).providers[options.provider]?.git_username;
  const preset = isPresetName(options.provider) ? (PRESETS[options.provider] as { git_username?: string }) : undefined;
  return configured ?? preset?.git_username ?? 'oauth2';
}
