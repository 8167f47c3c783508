import { LoginError } from '../errors.js';
import { sameGrant } from '../flows/client-credentials.js';
import { type GrantFlags, machineGrant } from '../flows/source-flags.js';
import type { LoginResult } from '../flows/types.js';
import type { CommandIo } from '../io.js';
import { isMachineFlow, type LoginKind } from '../kinds.js';
import { describeProfile } from '../profile.js';
import type { ResolvedProvider } from '../providers/types.js';
import { resultFromStored } from './entries.js';
import { findLogin, type Logins, readSecret } from './service.js';
import { stepUpWarning } from './step-up.js';
import { validTokens } from './valid-tokens.js';

export interface ReuseOptions extends GrantFlags {
  account?: string;
}

/** The kind of login this command asks for: a person's never stands in for a machine's, nor the other way round. */
function wantedKind(provider: ResolvedProvider, options: ReuseOptions): LoginKind {
  if (isMachineFlow(options.flow)) return 'machine';
  return provider.settings.protocol === 'oauth1' ? 'oauth1' : 'person';
}

/** As kubelogin does: a stored login whose token is valid (or renews) needs no browser; undefined when none serves. */
export async function reuseStoredLogin(
  logins: Logins,
  provider: ResolvedProvider,
  options: ReuseOptions,
  io: CommandIo,
): Promise<{ result: LoginResult; account: string } | undefined> {
  const login = findLogin(logins, provider.name, options.account);
  if (!login || login.client_id !== provider.settings.client_id || login.kind !== wantedKind(provider, options))
    return undefined;
  // The same name pointed at another issuer (e.g. --issuer, a self-hosted GitLab) is another login.
  const s = provider.settings;
  const issuer = s.protocol === 'oidc' && !s.discovery_issuer ? s.issuer : undefined;
  if (issuer && login.issuer && new URL(login.issuer).href !== new URL(issuer).href) return undefined;
  // A machine login is the same request made with the same key file (a rotated key means a new login).
  if (
    login.kind === 'machine' &&
    (login.flow !== options.flow ||
      !sameGrant(login.grant, machineGrant(provider, options)) ||
      (s.private_key_file !== undefined && s.private_key_file !== login.private_key_file))
  )
    return undefined;
  let tokens: LoginResult['tokens'];
  try {
    tokens = await validTokens(logins, login, 60, io.signal, 'access', io.env);
  } catch (err) {
    if (err instanceof LoginError && err.code !== 'needs_login')
      io.ui.warn(`Could not reuse the stored login: ${err.message}`);
    return undefined;
  }
  const lacking = await stepUpWarning(login, tokens.access_token, io.signal, options.account);
  if (lacking) io.ui.warn(lacking);
  const kept = login.kind === 'machine' ? undefined : (await readSecret(logins, login).catch(() => undefined))?.profile;
  const result = resultFromStored(login, tokens, kept);
  const title = provider.settings.title ?? provider.name;
  io.ui.success(
    result.kind === 'machine'
      ? `Already have a valid ${result.flow} token from ${title}; use --force to ask for a new one.`
      : `Already signed in to ${title} as ${describeProfile(result.profile)}; use --force to sign in again.`,
  );
  return { result, account: login.account };
}
