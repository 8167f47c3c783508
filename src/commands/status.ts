import { ExitCode, LoginError } from '../errors.js';
import type { CommandIo } from '../io.js';
import { isFresh, type Logins, listLogins, openLogins, readSecret } from '../logins/service.js';
import { reloginArgs } from '../logins/relogin-hint.js';
import type { StoredLogin } from '../logins/types.js';
import { isoExpiry } from '../output.js';
import { shellWord } from '../shell-quote.js';
import { type StatusRow, statusTable } from '../status-table.js';
import { terminalSafe } from '../sanitize.js';
import { terminalJson } from '../json-out.js';

type State = Pick<StatusRow, 'state' | 'refreshable' | 'detail'>;

/** One login's state. Failures stay in their row: a damaged entry or a locked keychain never hides the others. */
async function stateOf(logins: Logins, login: StoredLogin): Promise<State> {
  try {
    const blob = await readSecret(logins, login);
    if (!blob) return { state: 'needs-login', refreshable: false, detail: 'stored tokens missing or damaged' };
    const refreshable = canRenew(login, blob.tokens.refresh_token !== undefined);
    if (isFresh(blob.tokens, 0)) return { state: 'valid', refreshable };
    if (login.refresh_refused_at)
      return { state: 'needs-login', refreshable: false, detail: 'the provider refused its refresh token' };
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
      // A token read once from stdin cannot be read again; every other source can.
      return login.grant.subject?.source.kind !== 'stdin' && login.grant.assertion?.kind !== 'stdin';
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
    name: person?.name ?? null,
    email: person?.email ?? null,
    scope: login.scope,
    expires_at: isoExpiry(login.expires_at),
    store: login.store,
    ...state,
  };
}

/**
 * `oauth-login status`: every stored login, as a table on stdout (or JSON). Exit 0 when all are usable (valid, or
 * expired with a refresh token); 4 when none is stored or any needs a new login, so `status && deploy` is safe.
 */
export async function runStatus(options: { json?: boolean }, io: CommandIo): Promise<number> {
  const logins = openLogins(io.env);
  const listed = listLogins(logins);
  const rows: StatusRow[] = [];
  for (const { login, isDefault } of listed) rows.push(rowOf(login, isDefault, await stateOf(logins, login)));
  if (options.json) io.out(terminalJson(rows));
  if (rows.length === 0) {
    io.ui.error(
      new LoginError('needs_login', 'No stored logins.', {
        hint: 'Run "oauth-login providers" to choose one, then: oauth-login login <provider>',
      }),
    );
    return ExitCode.needsLogin;
  }
  if (!options.json) {
    io.out(statusTable(rows, Date.now()));
    listed.forEach(({ login }, i) => {
      const r = rows[i] as StatusRow;
      if (!usable(r)) io.ui.warn(hintFor(r, reloginArgs(login, { env: io.env, dir: logins.dir })));
    });
  }
  return rows.every(usable) ? ExitCode.ok : ExitCode.needsLogin;
}

const usable = (r: StatusRow) => r.state === 'valid' || r.state === 'expired';

/** `args`: where and how the login was made (logins/relogin-hint.ts), so that the command signs in there again. */
function hintFor(r: StatusRow, args: string): string {
  const which = `${r.provider} (${terminalSafe(r.account)})`;
  if (r.state === 'unreadable') return `${which} cannot be read: ${terminalSafe(r.detail ?? 'unknown reason')}`;
  return `${which} needs a new login. Run: oauth-login login ${shellWord(r.provider)}${args} --force`;
}
