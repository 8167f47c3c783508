import { shellWord } from '../shell-quote.js';
import { LoginError } from '../errors.js';
import { needsRelogin, reloginArgs } from './relogin-hint.js';
import type { Narrowing, TokenSet } from '../flows/types.js';
import { isFresh, isStored, type Logins, readSecret, withLoginLock } from './service.js';
import { loginKey, type SecretBlob, type StoredLogin } from './types.js';
import { clientOf } from './entries.js';
import { refreshPerson, renewMachine, revokeAll } from './valid-tokens.js';

/**
 * `token --scope/--resource/--audience`: a token for less than the login holds, minted with the login's refresh
 * token (a machine login asks for its grant again with these parameters), cached in the secret blob per request
 * shape and renewed like the login's own token. The login's own tokens and scope are never replaced.
 */
export async function narrowedTokens(
  logins: Logins,
  login: StoredLogin,
  narrow: Narrowing,
  minTtl: number,
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TokenSet> {
  const key = narrowKey(narrow);
  const cached = (blob: SecretBlob) => {
    const tokens = blob.narrowed?.[key];
    return tokens && isFresh(tokens, minTtl) ? tokens : undefined;
  };
  const first = await readSecret(logins, login);
  if (!first) throw needsRelogin(login, 'the stored tokens are missing or damaged', logins);
  const hit = cached(first);
  if (hit) return hit;
  refuseUnnarrowable(logins, login, first);
  return withLoginLock(logins, login, async () => {
    const blob = await readSecret(logins, login);
    if (!blob) throw needsRelogin(login, 'the stored tokens are missing or damaged', logins);
    const again = cached(blob);
    if (again) return again;
    const minted = await mint(logins, login, blob, narrow, signal, env);
    if (!isStored(logins, login)) {
      await revokeAll(login, blob, minted, signal);
      throw needsRelogin(
        login,
        'it was logged out while its token was being renewed; the new tokens were revoked',
        logins,
      );
    }
    const { access_token, token_type, expires_at, scope } = minted;
    const tokens = { access_token, token_type, expires_at, scope };
    // A provider that rotates refresh tokens may have made the stored one dead with this very refresh: the new one
    // becomes the login's refresh token, or the login's next renewal would fail.
    const own = minted.refresh_token ? { ...blob.tokens, refresh_token: minted.refresh_token } : blob.tokens;
    const narrowed = { ...unexpired(blob.narrowed), [key]: tokens };
    await logins.store(login.store).set(loginKey(login), JSON.stringify({ ...blob, tokens: own, narrowed }));
    return tokens;
  });
}

/**
 * One key per request shape: scope is a set of words (RFC 6749 §3.3) and resources a set of URIs, so the order they
 * were typed in does not matter.
 */
export function narrowKey(narrow: Narrowing): string {
  const words = (narrow.scope ?? '').split(/\s+/).filter(Boolean);
  return JSON.stringify({
    scope: words.length ? [...new Set(words)].sort().join(' ') : null,
    resource: [...new Set(narrow.resource ?? [])].sort(),
    audience: narrow.audience ?? null,
  });
}

/** Expired narrowed tokens are dropped when a new one is written, so the blob does not grow with every shape asked. */
function unexpired(narrowed: Record<string, TokenSet> = {}): Record<string, TokenSet> {
  return Object.fromEntries(Object.entries(narrowed).filter(([, tokens]) => isFresh(tokens, 0)));
}

/** Before the lock and any request: what cannot be narrowed says why, and what to do instead. */
function refuseUnnarrowable(logins: Logins, login: StoredLogin, blob: SecretBlob): void {
  const who = `${login.provider} (${login.account})`;
  if (login.kind === 'oauth1')
    throw new LoginError('usage', `${who} is an OAuth 1.0a login: its token credentials have no scope to narrow.`, {
      hint: `Run the command without --scope, --resource and --audience.`,
    });
  if (login.kind === 'person' && !blob.tokens.refresh_token)
    throw new LoginError(
      'no_refresh_token',
      `Cannot narrow the token of ${who}: the login holds no refresh token to mint a narrower token with.`,
      {
        hint: `Sign in again with a scope that brings a refresh token (often offline_access): oauth-login login ${shellWord(login.provider)}${reloginArgs(login, logins)} --scope ${shellWord(withOfflineAccess(login.scope))} --force, or run the command without --scope, --resource and --audience.`,
      },
    );
}

/** The login's scope with offline_access added (what most providers want for a refresh token). */
function withOfflineAccess(scope: string | undefined): string {
  const words = (scope ?? '').split(' ').filter(Boolean);
  return [...words.filter((w) => w !== 'offline_access'), 'offline_access'].join(' ');
}

async function mint(
  logins: Logins,
  login: StoredLogin,
  blob: SecretBlob,
  narrow: Narrowing,
  signal: AbortSignal,
  env: NodeJS.ProcessEnv,
): Promise<TokenSet> {
  const client = clientOf(login, blob.client_secret);
  if (login.kind === 'machine') {
    const grant = { ...login.grant, ...definedOf(narrow) };
    return { scope: grant.scope, ...(await renewMachine({ ...login, grant }, client, signal, env, logins.config)) };
  }
  const refresh_token = blob.tokens.refresh_token ?? '';
  // RFC 6749 §5.1: an answer without scope was granted the scope asked for, else the login's.
  const scope = narrow.scope ?? blob.tokens.scope;
  return refreshPerson(logins, login, client, { ...blob.tokens, scope, refresh_token }, signal, narrow);
}

/** Only the fields given: the machine's stored grant keeps the others. */
function definedOf(narrow: Narrowing): Narrowing {
  return Object.fromEntries(Object.entries(narrow).filter(([, value]) => value !== undefined));
}
