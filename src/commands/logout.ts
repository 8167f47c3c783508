import { clientOf } from '../logins/entries.js';
import { notStored } from '../logins/not-stored.js';
import { checkLogoutFlags } from '../option-checks.js';
import { revokeToken } from '../flows/revoke.js';
import type { CommandIo } from '../io.js';
import {
  requireLogin,
  type Logins,
  listLogins,
  openLogins,
  readSecret,
  removeLogin,
  withLoginLock,
} from '../logins/service.js';
import type { SecretBlob, StoredLogin } from '../logins/types.js';
import { terminalSafe } from '../sanitize.js';
import { storedCaFile } from '../network/ca.js';
import { configureNetwork } from '../transport.js';

export interface LogoutOptions {
  account?: string;
  all?: boolean;
  caFile?: string;
}

/** At the provider first (RFC 7009), when it has a revocation endpoint; says what could not be done. */
async function revokeAtProvider(login: StoredLogin, blob: SecretBlob, io: CommandIo): Promise<void> {
  const who = `${login.provider} (${login.account})`;
  if (!login.revocation_endpoint) {
    // OAuth 1.0a token credentials never expire: only the user can end them, in the provider's app settings.
    const until = login.kind === 'oauth1' ? "you revoke the app's access in your account settings" : 'they expire';
    io.ui.warn(`${login.provider} has no revocation endpoint: the tokens remain valid at the provider until ${until}.`);
    return;
  }
  const client = clientOf(login, blob.client_secret);
  const { refresh_token, access_token } = blob.tokens;
  const failures = [
    refresh_token ? await revokeToken(login, client, refresh_token, 'refresh_token', io.signal) : undefined,
    await revokeToken(login, client, access_token, 'access_token', io.signal),
  ].filter((why) => why !== undefined);
  if (failures.length === 0) io.ui.success(`Revoked the tokens of ${who} at the provider.`);
  else
    io.ui.warn(
      `Could not revoke the tokens of ${who} at the provider (${terminalSafe(failures[0], 200)}): they may remain valid until they expire.`,
    );
}

/** Under the login's lock: a refresh in flight finishes first, and what it wrote is what gets revoked. */
async function logoutOne(logins: Logins, login: StoredLogin, caFile: string | undefined, io: CommandIo) {
  // Each login revokes with the CA it signed in with (--all may visit several).
  configureNetwork(io.env, storedCaFile(caFile, io.env, login));
  await withLoginLock(logins, login, async () => {
    const blob = await readSecret(logins, login).catch(() => undefined);
    if (blob) await revokeAtProvider(login, blob, io);
    // Local deletion happens whatever revocation did: logging out must never leave the secret behind.
    await removeLogin(logins, login);
  });
  io.ui.success(`Logged out of ${login.provider} (${login.account}).`);
}

/** `oauth-login logout <provider>`: revoke, then delete locally; the default passes to another login of the provider. */
export async function runLogout(provider: string, options: LogoutOptions, io: CommandIo): Promise<void> {
  checkLogoutFlags(options);
  const logins = openLogins(io.env);
  // Nothing to log out of is not "needs login": the person is exactly where logout would leave them (exit 1).
  if (!options.all)
    return logoutOne(logins, requireLogin(logins, provider, options.account, 'error'), options.caFile, io);
  const stored = listLogins(logins).map(({ login }) => login);
  const chosen = stored.filter((login) => login.provider === provider);
  if (chosen.length === 0) throw notStored(stored, provider, undefined, 'error');
  for (const login of chosen) await logoutOne(logins, login, options.caFile, io);
}
