import { join } from 'node:path';
import { LoginError, needsLogin } from '../errors.js';
import type { TokenSet } from '../flows/types.js';
import { readIndex, updateIndex } from '../logins/index-file.js';
import { readSecret, type SecretBlob, storeOf } from '../logins/sessions.js';
import { type LoginEntry, loginKey } from '../logins/types.js';
import { isoExpiry, writeData } from '../output.js';
import { terminalJson } from '../json-out.js';
import { envPrefix } from '../providers/resolve.js';
import { shellQuote } from '../shell-quote.js';
import { dataDir } from '../store/paths.js';
import { ensurePrivateDir } from '../store/atomic.js';
import { withLock } from '../store/lock.js';
import type { Ui } from '../ui.js';

export type TokenFormat = 'raw' | 'json' | 'header' | 'env';

export interface TokenOptions {
  account?: string;
  config?: string;
  issuer?: string;
  minTtl: number;
  format: TokenFormat;
  idToken?: boolean;
}

const now = () => Math.floor(Date.now() / 1000);
export const isFresh = (t: TokenSet, minTtl: number) => t.expires_at === undefined || t.expires_at - now() > minTtl;

/** The stored login to use: --account, else the provider's default (the one used last). */
export function findEntry(dir: string, provider: string, account: string | undefined): LoginEntry {
  const index = readIndex(dir);
  const name = account ?? index.defaults[provider];
  const entry = name === undefined ? undefined : index.logins[loginKey(provider, name)];
  if (!entry) throw needsLogin({ provider, account: name ?? 'no account' }, 'nothing is stored');
  return entry;
}

/**
 * A valid access token for scripts. Refreshes under a per-login lock, re-reading the secret inside it: when many
 * processes start at once with an expired token, one refreshes and the others find the rotated token.
 */
export async function validTokens(
  dir: string,
  entry: LoginEntry,
  minTtl: number,
  signal: AbortSignal,
): Promise<TokenSet> {
  const store = storeOf(entry.store, dir);
  const key = loginKey(entry.provider, entry.account);
  const first = await readSecret(store, key);
  if (!first) throw needsLogin(entry, 'the stored tokens are missing or damaged');
  if (isFresh(first.tokens, minTtl)) return first.tokens;
  ensurePrivateDir(join(dir, 'locks'));
  // Held across a refresh (keychain ≤3 s, provider ≤30 s, keychain again): a lock that young is never broken as stale;
  // one left by a killed process is recovered at once (its pid is gone).
  const lockOptions = { timeoutMs: 60_000, staleMs: 120_000 };
  return withLock(
    join(dir, 'locks', `${encodeURIComponent(key)}.lock`),
    async () => {
      const blob = await readSecret(store, key);
      if (!blob) throw needsLogin(entry, 'the stored tokens are missing or damaged');
      if (isFresh(blob.tokens, minTtl)) return blob.tokens;
      const tokens = await renew(entry, blob, signal);
      await store.set(key, JSON.stringify({ ...blob, tokens }));
      await updateIndex(dir, (index) => {
        const current = index.logins[key];
        if (current)
          Object.assign(current, {
            expires_at: tokens.expires_at,
            updated_at: new Date().toISOString(),
          });
      });
      return tokens;
    },
    lockOptions,
  );
}

/** A refresh grant; a client-credentials login has no refresh token, so it runs its grant again instead. */
async function renew(entry: LoginEntry, blob: SecretBlob, signal: AbortSignal): Promise<TokenSet> {
  // Loaded only here: oauth4webapi stays out of the hot path of a still-valid token.
  if (entry.flow === 'client-credentials') {
    const { remintTokens } = await import('../flows/client-credentials.js');
    return remintTokens(entry, blob.client_secret, signal);
  }
  const { refreshTokens } = await import('../flows/refresh.js');
  return refreshTokens(entry, blob.tokens, blob.client_secret, signal);
}

/**
 * OAuth 1.0a token credentials are a pair and never a bearer token: json and env carry both halves, header refuses
 * (each request needs its own signature: `oauth-login sign`).
 */
function formatOauth1(tokens: TokenSet, format: TokenFormat, provider = '<provider>'): string {
  switch (format) {
    case 'json':
      return terminalJson({
        oauth_token: tokens.access_token,
        oauth_token_secret: tokens.token_secret,
        token_type: tokens.token_type,
        expires_at: null,
      });
    case 'header':
      throw new LoginError(
        'signature_required',
        `${provider} uses OAuth 1.0a: there is no bearer header, every request must be signed on its own (method, URL, nonce, time).`,
        { hint: `Print a signed header for one request with: oauth-login sign ${provider} GET https://…` },
      );
    case 'env':
      // Quoted for `eval "$(…)"`: a token may carry shell syntax (RFC 6749 allows it), which must stay data.
      return [
        `OAUTH_LOGIN_ACCESS_TOKEN=${shellQuote(tokens.access_token)}`,
        `OAUTH_LOGIN_ACCESS_TOKEN_SECRET=${shellQuote(tokens.token_secret ?? '')}`,
      ].join('\n');
    default:
      return tokens.access_token;
  }
}

export function formatToken(
  tokens: TokenSet,
  options: Pick<TokenOptions, 'format' | 'idToken'>,
  provider?: string,
): string {
  if (tokens.token_secret !== undefined && !options.idToken) return formatOauth1(tokens, options.format, provider);
  const value = options.idToken ? tokens.id_token : tokens.access_token;
  if (!value)
    throw new LoginError('no_id_token', 'This login has no ID token.', {
      hint: 'Only OpenID Connect providers issue one.',
    });
  switch (options.format) {
    case 'json': {
      const expires = isoExpiry(tokens.expires_at);
      return terminalJson({
        access_token: tokens.access_token,
        token_type: tokens.token_type,
        expires_at: expires,
        scope: tokens.scope ?? null,
        id_token: tokens.id_token ?? null,
      });
    }
    case 'header':
      return `Authorization: Bearer ${value}`;
    case 'env':
      // Quoted for `eval "$(…)"`, as above.
      return `OAUTH_LOGIN_${options.idToken ? 'ID' : 'ACCESS'}_TOKEN=${shellQuote(value)}`;
    default:
      return value;
  }
}

export async function runToken(
  provider: string,
  options: TokenOptions,
  env: NodeJS.ProcessEnv,
  ui: Ui,
  signal: AbortSignal,
): Promise<void> {
  const fromEnv = options.account === undefined ? env[`${envPrefix(provider)}REFRESH_TOKEN`] : undefined;
  if (fromEnv) {
    const { tokensFromEnv } = await import('./token-env.js');
    writeData(formatToken(await tokensFromEnv(provider, fromEnv, options, env, ui, signal), options, provider));
    return;
  }
  const dir = dataDir(env);
  const entry = findEntry(dir, provider, options.account);
  writeData(formatToken(await validTokens(dir, entry, options.minTtl, signal), options, provider));
}
