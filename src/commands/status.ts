import { ExitCode } from '../errors.js';
import { readIndex } from '../logins/index-file.js';
import { readSecret, storeCache } from '../logins/sessions.js';
import { type LoginEntry, loginKey } from '../logins/types.js';
import { isoExpiry, writeData } from '../output.js';
import { terminalJson } from '../json-out.js';
import { isFresh } from './token.js';
import { terminalSafe } from '../sanitize.js';
import { dataDir } from '../store/paths.js';

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

/** One login's state. Failures stay in their row: a damaged entry or a locked keychain never hides the others. */
async function stateOf(
  stores: ReturnType<typeof storeCache>,
  entry: LoginEntry,
): Promise<Pick<StatusRow, 'state' | 'refreshable' | 'detail'>> {
  try {
    const blob = await readSecret(stores(entry.store), loginKey(entry.provider, entry.account));
    if (!blob) return { state: 'needs-login', refreshable: false, detail: 'stored tokens missing or damaged' };
    // A client-credentials login renews by asking again: it needs no refresh token.
    const refreshable = Boolean(blob.tokens.refresh_token) || entry.flow === 'client-credentials';
    const expired = !isFresh(blob.tokens, 0);
    if (!expired) return { state: 'valid', refreshable };
    return refreshable
      ? { state: 'expired', refreshable, detail: 'refreshed on next use' }
      : { state: 'needs-login', refreshable };
  } catch (err) {
    return { state: 'unreadable', refreshable: false, detail: (err as Error).message };
  }
}

/** `oauth-login status`: every stored login. Exit 0 when all are usable (valid, or expired with a refresh token), else 4. */
export async function runStatus(options: { json?: boolean }, env: NodeJS.ProcessEnv): Promise<number> {
  const dir = dataDir(env);
  const index = readIndex(dir);
  const stores = storeCache(dir);
  const rows: StatusRow[] = [];
  for (const entry of Object.values(index.logins)) {
    rows.push({
      provider: entry.provider,
      account: entry.account,
      default: index.defaults[entry.provider] === entry.account,
      name: entry.profile.name,
      email: entry.profile.email,
      scope: entry.scope,
      expires_at: isoExpiry(entry.expires_at),
      store: entry.store,
      ...(await stateOf(stores, entry)),
    });
  }
  if (options.json) writeData(terminalJson(rows));
  else writeData(rows.length ? rows.map(describe).join('\n') : 'No stored logins. Run: oauth-login login <provider>');
  return rows.every((r) => r.state === 'valid' || r.state === 'expired') ? ExitCode.ok : ExitCode.needsLogin;
}

function describe(r: StatusRow): string {
  const who = terminalSafe([r.name, r.email && `<${r.email}>`].filter(Boolean).join(' ') || r.account);
  const expiry = r.expires_at ? `expires ${r.expires_at}` : 'no expiry';
  const detail = r.detail ? ` (${terminalSafe(r.detail)})` : '';
  return `${r.provider}  ${r.account}${r.default ? ' (default)' : ''}  ${who}  ${r.state}${detail}  ${expiry}  store: ${r.store}  scope: ${terminalSafe(r.scope ?? '-')}`;
}
