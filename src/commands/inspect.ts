import type * as oauth from 'oauth4webapi';
import { checkIdToken, introspectToken } from '../flows/token-check.js';
import type { CommandIo } from '../io.js';
import { terminalJson } from '../json-out.js';
import { openLogins, readSecret, requireLogin } from '../logins/service.js';
import { clientOf } from '../logins/entries.js';
import { needsRelogin } from '../logins/relogin-hint.js';
import type { StoredLogin } from '../logins/types.js';
import { storedCaFile } from '../network/ca.js';
import { type ClientRef, serverOf } from '../oauth-client.js';
import { loadConfig } from '../providers/config.js';
import { discover } from '../providers/discover.js';
import { resolveProvider } from '../providers/resolve.js';
import { terminalSafe } from '../sanitize.js';
import { decodeJwt, fieldLines, type TokenView, tokenLines } from '../token-view.js';
import { configureNetwork } from '../transport.js';

export interface InspectOptions {
  account?: string;
  json?: boolean;
  introspect?: boolean;
  config?: string;
  caFile?: string;
}

const ACCESS_NOT_VERIFIABLE =
  'an access token is for the API that accepts it; a client cannot verify it (its keys and checks are the API’s)';

/**
 * `oauth-login inspect <provider>`: the stored tokens decoded (so nobody pastes them into a web decoder), each
 * marked with whether its signature was verified; `--introspect` asks the provider (RFC 7662). Never prints a token.
 */
export async function runInspect(provider: string, options: InspectOptions, io: CommandIo): Promise<void> {
  const logins = openLogins(io.env, { config: options.config });
  const login = requireLogin(logins, provider, options.account);
  configureNetwork(io.env, storedCaFile(options.caFile, io.env, login));
  const blob = await readSecret(logins, login);
  if (!blob) throw needsRelogin(login, 'the stored tokens are missing or damaged', logins);
  const client = clientOf(login, blob.client_secret);
  let discovered: Promise<oauth.AuthorizationServer> | undefined;
  const server = () => {
    discovered ??= discoverServer(provider, login, options, io);
    return discovered;
  };
  const { id_token, access_token } = blob.tokens;
  const idView = id_token === undefined ? null : await idTokenView(id_token, login, client, server, io.signal);
  const accessView = accessTokenView(access_token);
  const introspection = options.introspect
    ? await introspectToken(await server(), client, access_token, io.signal)
    : undefined;
  if (options.json) {
    io.out(terminalJson({ id_token: idView, access_token: accessView, ...(introspection ? { introspection } : {}) }));
    return;
  }
  const now = Date.now();
  const lines = [
    `provider: ${terminalSafe(login.provider)}`,
    `account: ${terminalSafe(login.account)}`,
    ...tokenLines('ID token', idView, now),
    ...tokenLines('access token', accessView, now),
    ...(introspection ? fieldLines('introspection (the provider’s answer)', introspection, now) : []),
  ];
  io.out(lines.join('\n'));
}

/** The provider's metadata now: the introspection endpoint, and the key set of logins stored without its address. */
function discoverServer(provider: string, login: StoredLogin, options: InspectOptions, io: CommandIo) {
  const resolved = resolveProvider(provider, loadConfig(options.config, io.env), io.env, {
    clientId: login.client_id,
    issuer: login.issuer,
  });
  return discover(resolved, io.signal);
}

async function idTokenView(
  idToken: string,
  login: StoredLogin,
  client: ClientRef,
  server: () => Promise<oauth.AuthorizationServer>,
  signal: AbortSignal,
): Promise<TokenView> {
  const decoded = decodeJwt(idToken);
  if (!decoded) return { header: null, claims: null, verified: false, reason: 'the stored ID token is not a JWT' };
  let as: oauth.AuthorizationServer;
  try {
    as = login.jwks_uri ? serverOf(login) : await server();
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    return { ...decoded, verified: false, reason: `the issuer's keys could not be found: ${(err as Error).message}` };
  }
  const verdict = await checkIdToken(as, client, idToken, signal);
  return { ...decoded, verified: verdict.verified, reason: verdict.verified ? null : verdict.reason };
}

function accessTokenView(accessToken: string): TokenView {
  const decoded = decodeJwt(accessToken);
  if (!decoded) return { header: null, claims: null, verified: false, reason: 'opaque: not a JWT' };
  return { ...decoded, verified: false, reason: ACCESS_NOT_VERIFIABLE };
}
