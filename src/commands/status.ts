import { ExitCode } from '../errors.js';
import type { CommandIo } from '../io.js';
import { isFresh, type Logins, listLogins, openLogins, readSecret } from '../logins/service.js';
import type { StoredLogin } from '../logins/types.js';
import { isoExpiry } from '../output.js';
import { terminalSafe } from '../sanitize.js';
import { terminalJson } from '../json-out.js';

export type LoginState = 'valid' | 'expired' | 'needs-login' | 'unreadable';

interface StatusRow {
  provider: string;
  account: string;
  default: boolean;
  name?: string;
  email?: string;
  scope?: string;
  expires_at: string | null;
  store: string;
  state: LoginState;
  refreshable: boolean;
  detail?: string;
}

type State = Pick<StatusRow, 'state' | 'refreshable' | 'detail'>;

/** One login's state. Failures stay in their row: a damaged entry or a locked keychain never hides the others. */
async function stateOf(logins: Logins, login: StoredLogin): Promise<State> {
  try {
    const blob = await readSecret(logins, login);
    if (!blob) return { state: 'needs-login', refreshable: false, detail: 'stored tokens missing or damaged' };
    const refreshable = canRenew(login, blob.tokens.refresh_token !== undefined);
    if (isFresh(blob.tokens, 0)) return { state: 'valid', refreshable };
    return refreshable
      ? { state: 'expired', refreshable, detail: 'refreshed on next use' }
      : { state: 'needs-login', refreshable };
  } catch (err) {
    return { state: 'unreadable', refreshable: false, detail: (err as Error).message };
  }
}

/** Whether `token` can renew it without a person: a refresh token, or a machine's grant asked again. */
function canRenew(login: StoredLogin, hasRefreshToken: boolean): boolean {
  switch (login.kind) {
    case 'person':
      return hasRefreshToken;
    case 'machine':
      return true;
    case 'oauth1':
      return false;
  }
}

function rowOf(login: StoredLogin, isDefault: boolean, state: State): StatusRow {
  const person = login.kind === 'machine' ? undefined : login.profile;
  return {
    provider: login.provider,
    account: login.account,
    default: isDefault,
    name: person?.name,
    email: person?.email,
    scope: login.scope,
    expires_at: isoExpiry(login.expires_at),
    store: login.store,
    ...state,
  };
}

/** `oauth-login status`: every stored login. Exit 0 when all are usable (valid, or expired with a refresh token), else 4. */
export async function runStatus(options: { json?: boolean }, io: CommandIo): Promise<number> {
  const logins = openLogins(io.env);
  const rows: StatusRow[] = [];
  for (const { login, isDefault } of listLogins(logins))
    rows.push(rowOf(login, isDefault, await stateOf(logins, login)));
  if (options.json) io.out(terminalJson(rows));
  else io.out(rows.length ? rows.map(describe).join('\n') : 'No stored logins. Run: oauth-login login <provider>');
  return rows.every((r) => r.state === 'valid' || r.state === 'expired') ? ExitCode.ok : ExitCode.needsLogin;
}

function describe(r: StatusRow): string {
  const who = terminalSafe([r.name, r.email && `<${r.email}>`].filter(Boolean).join(' ') || r.account);
  const expiry = r.expires_at ? `expires ${r.expires_at}` : 'no expiry';
  const detail = r.detail ? ` (${terminalSafe(r.detail)})` : '';
  return `${r.provider}  ${r.account}${r.default ? ' (default)' : ''}  ${who}  ${r.state}${detail}  ${expiry}  store: ${r.store}  scope: ${terminalSafe(r.scope ?? '-')}`;
}
