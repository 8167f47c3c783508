/**
 * The hot path of every CI script and shell prompt: `oauth-login --version` and `oauth-login token <provider>` with a
 * stored token that is still fresh. Built into a small CommonJS bundle (dist/fast.cjs) without commander, chalk or
 * oauth4webapi, because start-up is this command's whole cost. It handles only the happy path: anything else
 * (help, a refresh, any error, an unusual flag) returns false and the full CLI (cli.ts) runs the command from scratch,
 * so behaviour and messages have one source of truth.
 */
import { parseArgs } from 'node:util';
import { findEntry, formatToken, isFresh, type TokenFormat } from './commands/token.js';
import { readSecret, storeOf } from './logins/sessions.js';
import { loginKey } from './logins/types.js';
import { envPrefix } from './providers/resolve.js';
import { dataDir } from './store/paths.js';
import { VERSION } from './version.js';

const FORMATS = new Set(['raw', 'json', 'header', 'env']);

export async function run(args: string[]): Promise<boolean> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return true;
  }
  if (args[0] !== 'token') return false;
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
    if (positionals.length !== 1 || !provider || !/^\d{1,5}$/.test(minTtl) || !FORMATS.has(format)) return false;
    if (!values.account && process.env[`${envPrefix(provider)}REFRESH_TOKEN`]) return false;
    const dir = dataDir(process.env);
    const entry = findEntry(dir, provider, values.account);
    const blob = await readSecret(storeOf(entry.store, dir), loginKey(entry.provider, entry.account));
    if (!blob || !isFresh(blob.tokens, Number(minTtl))) return false;
    process.stdout.write(
      `${formatToken(blob.tokens, { format: format as TokenFormat, idToken: values['id-token'] })}\n`,
    );
    return true;
  } catch {
    return false;
  }
}
