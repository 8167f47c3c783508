import type { MachineResult, Oauth1Result, PersonResult, TokenSet } from './flows/types.js';
import type { Profile } from './profile.js';
import { terminalSafe } from './sanitize.js';

/**
 * Who a person's login is, in the same places in `login --json`, `whoami --json` and each `status --json` row:
 * `provider`, `account`, `name`, `email` at the top, the whole profile under `profile`.
 */
export function personJson(provider: string, account: string, profile: Profile) {
  return { provider, account, name: profile.name ?? null, email: profile.email ?? null, profile };
}

/** The one JSON object `login --json` prints for a person. Tokens only when asked for. */
export function loginJson(
  result: PersonResult | Oauth1Result,
  account: string,
  showTokens: boolean,
): Record<string, unknown> {
  const { tokens } = result;
  const out: Record<string, unknown> = {
    ...personJson(result.provider, account, result.profile),
    scope: tokens.scope ?? null,
    expires_at: isoExpiry(tokens.expires_at),
  };
  if (showTokens) {
    out.access_token = tokens.access_token;
    out.refresh_token = tokens.refresh_token ?? null;
    out.id_token = tokens.id_token ?? null;
    // OAuth 1.0a: the token is only usable together with its secret.
    if (result.kind === 'oauth1') {
      out.oauth_token = tokens.access_token;
      out.oauth_token_secret = tokens.token_secret;
    }
  }
  return out;
}

/**
 * A machine login has no person and so no profile: this is its JSON, tokens only when asked for.
 * `{ provider, flow: "client-credentials" | "token-exchange", client_id, account, token_type, scope, expires_at[,
 * access_token] }`
 */
export function machineJson(result: MachineResult, account: string, showTokens: boolean) {
  const { tokens } = result;
  const out: Record<string, unknown> = {
    provider: result.provider,
    flow: result.flow,
    client_id: result.client_id,
    account,
    token_type: tokens.token_type,
    scope: tokens.scope ?? null,
    expires_at: isoExpiry(tokens.expires_at),
  };
  if (showTokens) out.access_token = tokens.access_token;
  return out;
}

/** The same as `key: value` lines; provider text is made terminal-safe. */
export function machineLines(result: MachineResult, account: string): string {
  return Object.entries(machineJson(result, account, false))
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${terminalSafe(v)}`)
    .join('\n');
}

/** The profile as `key: value` lines for people and `cut`/`grep`; provider text is made terminal-safe. */
export function profileLines(provider: string, p: Profile): string {
  const rows: [string, string | undefined][] = [
    ['provider', provider],
    ['id', p.id],
    ['name', p.name],
    ['username', p.username],
    ['email', p.email],
    ['picture', p.picture],
  ];
  return rows
    .filter((r): r is [string, string] => r[1] !== undefined)
    .map(([k, v]) => `${k}: ${terminalSafe(v)}`)
    .join('\n');
}

/** An expiry (seconds since the epoch) as the ISO 8601 string every JSON output uses; null when unknown. */
export function isoExpiry(expiresAt: TokenSet['expires_at']): string | null {
  return expiresAt ? new Date(expiresAt * 1000).toISOString() : null;
}

/** An expiry as people say it: "in 58 min", "in 3 h", "in 2 days", "5 min ago"; "no expiry" when unknown. */
export function relativeExpiry(expiresAt: TokenSet['expires_at'], nowMs: number): string {
  if (!expiresAt) return 'no expiry';
  const seconds = Math.round(expiresAt - nowMs / 1000);
  const span = Math.abs(seconds);
  const text =
    span < 60
      ? `${span} s`
      : span < 3600
        ? `${Math.floor(span / 60)} min`
        : span < 172_800
          ? `${Math.floor(span / 3600)} h`
          : `${Math.floor(span / 86_400)} days`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
