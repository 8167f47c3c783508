/**
 * The hot path of every CI script and shell prompt: `oauth-login --version` and `oauth-login token <provider>` with a
 * stored token that is still fresh. Built into a small CommonJS bundle (dist/fast.cjs) without commander, chalk or
 * oauth4webapi, because start-up is this command's whole cost. It handles the happy path and LoginErrors (a
 * keychain that timed out must not be waited for twice); anything else (help, a refresh, an unusual flag) returns
 * undefined and the full CLI (cli.ts) runs the command from scratch, so behaviour has one source of truth.
 */
import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findEntry, formatToken, isFresh, type TokenFormat } from './commands/token.js';
import { ExitCode, LoginError } from './errors.js';
import { readSecret, storeOf } from './logins/sessions.js';
import { loginKey } from './logins/types.js';
import { envPrefix } from './providers/resolve.js';
import { dataDir } from './store/paths.js';
import { VERSION } from './version.js';

const FORMATS = new Set(['raw', 'json', 'header', 'env']);

/**
 * Straight to fd 1: touching process.stdout builds a stream (tty or pipe machinery), ≈3 ms of a ≈60 ms start-up.
 * A non-blocking stdout that is full (EAGAIN) falls back to the stream.
 */
function writeOut(text: string): void {
  try {
    writeSync(1, text);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    process.stdout.write(text);
  }
}

/** Resolves to the exit code when handled here, undefined when the full CLI must run. */
export async function run(args: string[]): Promise<number | undefined> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    writeOut(`${VERSION}\n`);
    return ExitCode.ok;
  }
  if (args[0] !== 'token') return undefined;
  try {
    const { values, positionals } = parseArgs({
      args: args.slice(1),
      allowPositionals: true,
      options: {
        account: { type: 'string' },
        'min-ttl': { type: 'string' },
        format: { type: 'string' },
        'id-token': { type: 'boolean' },
      },
    });
    const [provider] = positionals;
    const minTtl = values['min-ttl'] ?? '60';
    const format = values.format ?? 'raw';
    if (
      positionals.length !== 1 ||
      !provider ||
      !/^\d{1,5}$/.test(minTtl) ||
      Number(minTtl) > 86400 ||
      !FORMATS.has(format)
    )
      return undefined;
    if (!values.account && process.env[`${envPrefix(provider)}REFRESH_TOKEN`]) return undefined;
    const dir = dataDir(process.env);
    const entry = findEntry(dir, provider, values.account);
    const blob = await readSecret(storeOf(entry.store, dir), loginKey(entry.provider, entry.account));
    if (!blob || !isFresh(blob.tokens, Number(minTtl))) return undefined;
    // OAuth 1.0a has no bearer header: the full CLI explains that and points at `sign`.
    if (blob.tokens.token_secret !== undefined && format === 'header') return undefined;
    writeOut(`${formatToken(blob.tokens, { format: format as TokenFormat, idToken: values['id-token'] })}\n`);
    return ExitCode.ok;
  } catch (err) {
    if (!(err instanceof LoginError)) return undefined;
    // Same output as cli.ts; ui.ts (and chalk) load only on this path.
    const { createUi } = await import('./ui.js');
    createUi().error(err);
    return err.exitCode;
  }
}
