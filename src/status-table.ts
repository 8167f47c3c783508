import { relativeExpiry } from './output.js';
import { terminalSafe } from './sanitize.js';

export type LoginState = 'valid' | 'expired' | 'needs-login' | 'unreadable';

/** One row of `status --json` (documented in the README): who, where, and whether `token` can use it. */
export interface StatusRow {
  provider: string;
  account: string;
  default: boolean;
  name: string | null;
  email: string | null;
  scope?: string;
  expires_at: string | null;
  store: string;
  state: LoginState;
  refreshable: boolean;
  detail?: string;
}

const HEADER = ['PROVIDER', 'ACCOUNT', 'DEFAULT', 'WHO', 'EXPIRES', 'REFRESH', 'STATE'];

/** Every cell is provider text made terminal-safe, and capped so that one long name cannot push the rest away. */
function cells(r: StatusRow, nowMs: number): string[] {
  const who = [r.name, r.email && `<${r.email}>`].filter(Boolean).join(' ') || '-';
  const expires = relativeExpiry(r.expires_at ? Date.parse(r.expires_at) / 1000 : undefined, nowMs);
  return [
    r.provider,
    terminalSafe(r.account, 40),
    r.default ? 'yes' : '',
    terminalSafe(who, 48),
    expires,
    r.refreshable ? 'yes' : 'no',
    r.state,
  ];
}

/** `status` for people: a header and one aligned line per login; the full data is in `status --json`. */
export function statusTable(rows: StatusRow[], nowMs: number): string {
  const table = [HEADER, ...rows.map((r) => cells(r, nowMs))];
  const widths = HEADER.map((_, i) => Math.max(...table.map((line) => [...(line[i] ?? '')].length)));
  return table
    .map((line) =>
      line
        .map((cell, i) =>
          i === line.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + (cell.length - [...cell].length)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
