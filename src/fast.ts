/**
 * The hot path of every CI script and shell prompt: `oauth-login --version` and `oauth-login token <provider>` with a
 * stored token that is still fresh (bin/ sends plain `--help`, `providers` and `status` to fast-local.ts). Built into
 * a small CommonJS bundle (dist/fast.cjs) without commander, chalk or oauth4webapi, because start-up is this
 * command's whole cost. It handles the happy path and LoginErrors (a keychain that timed out must not be waited for
 * twice); anything else (help, a refresh, an unusual flag) returns undefined and the full CLI (cli.ts) runs the
 * command from scratch, so behaviour has one source of truth.
 */
import { ExitCode, LoginError } from './errors.js';
import { execInfo } from './exec-credential.js';
import { writeOut, written } from './write-out.js';
import { checkNetwork } from './network/check.js';
import { isOneOf, TOKEN_FORMATS } from './kinds.js';
import { isFresh, openLogins, readSecret, requireLogin } from './logins/service.js';
import { envPrefix } from './providers/env-prefix.js';
import { providerName } from './providers/resource-id.js';
import { formatToken } from './token-format.js';
import { plainTokenArgs } from './token-args.js';
import { parseMinTtl } from './token-options.js';
import { VERSION } from './version.js';
import { using } from './parts-used.js';

export { partsUsed } from './parts-used.js';

/** Resolves to the exit code when handled here, undefined when the full CLI must run. */
export async function run(args: string[]): Promise<number | undefined> {
  using(args[0] ?? '');
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    writeOut(`${VERSION}\n`);
    return ExitCode.ok;
  }
  if (args[0] !== 'token') return undefined;
  try {
    const parsed = plainTokenArgs(args.slice(1));
    if (!parsed) return undefined;
    const { values, positionals } = parsed;
    // A resource URL stands for its identifier (resource-id.ts), as in the full CLI.
    const provider = positionals[0] === undefined ? undefined : providerName(positionals[0]);
    const minTtl = parseMinTtl(values['min-ttl'] ?? '');
    const format = values.format;
    if (positionals.length !== 1 || !provider || minTtl === undefined || !isOneOf(TOKEN_FORMATS, format))
      return undefined;
    // A narrowed token (--scope, --resource, --audience) is the full CLI's: it may mean a refresh.
    if (values.scope !== undefined || values.resource !== undefined || values.audience !== undefined) return undefined;
    if (!values.account && process.env[`${envPrefix(provider)}REFRESH_TOKEN`]) return undefined;
    const exec = format === 'exec-credential' ? execInfo(process.env) : undefined;
    const logins = openLogins(process.env);
    const login = requireLogin(logins, provider, values.account);
    const blob = await readSecret(logins, login);
    if (!blob || !isFresh(blob.tokens, minTtl, values['id-token'] ? 'id' : 'access')) return undefined;
    // OAuth 1.0a has no bearer header: the full CLI explains that and points at `sign`.
    if (login.kind === 'oauth1' && (format === 'header' || format === 'exec-credential')) return undefined;
    await checkNetwork(process.env, values['ca-file'], login);
    const apiVersion = exec?.apiVersion;
    writeOut(`${formatToken(login.kind, blob.tokens, { format, idToken: values['id-token'], apiVersion })}\n`);
    return ExitCode.ok;
  } catch (err) {
    // No login stored: the full CLI may make one (kubectl allows a person to be asked; a provider's config names a
    // machine flow), or says what to run.
    if (!(err instanceof LoginError) || err.code === 'needs_login') return undefined;
    // Same output as cli.ts; ui.ts (and chalk, when colour is on) load only on this path.
    using('error');
    const { createUi, loadColor } = await import('./ui.js');
    await loadColor();
    createUi().error(err);
    await written(process.stderr);
    return err.exitCode;
  }
}
