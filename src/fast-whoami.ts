/**
 * `oauth-login whoami <provider> [--json]` from a small CommonJS bundle of its own (dist/fast-whoami.cjs, which bin/
 * loads for `whoami` only), without commander or the ES module loader: the full CLI's own code (runWhoami) with the
 * same process io (processIo: Ctrl+C and SIGTERM abort the request and are reported as interrupted), and errors
 * reported as cli.ts reports them (toLoginError), so nothing differs but the start-up. It answers with a fresh token
 * only: any other spelling, a proxy or a CA file (they need undici), and a token to renew (the renewal flows) return
 * undefined before anything is sent, as scripts/build.mjs leaves those modules out of the bundle, and the full CLI
 * runs the command. test/e2e/fast-whoami.test.ts holds it to the full CLI.
 */
import { processIo } from './cli/process-io.js';
import { runWhoami } from './commands/whoami.js';
import { toLoginError } from './error-mapping.js';
import { ExitCode } from './errors.js';
import { isHandOver } from './hand-over.js';
import { asLine } from './io.js';
import { askedAccount, findLogin, openLogins } from './logins/service.js';
import { CA_ENV } from './network/ca.js';
import { using } from './parts-used.js';
import { providerName } from './providers/resource-id.js';
import { createUi, loadColor } from './ui.js';
import { writeOut, written } from './write-out.js';

export { partsUsed } from './parts-used.js';

/** The options of the plain spellings: `whoami <provider>` and `whoami <provider> --json`. */
function plainWhoami(args: string[]): { provider: string; json: boolean } | undefined {
  const [command, provider, ...rest] = args;
  if (command !== 'whoami' || provider === undefined || provider.startsWith('-')) return undefined;
  if (rest.length === 0) return { provider, json: false };
  return rest.length === 1 && rest[0] === '--json' ? { provider, json: true } : undefined;
}

const UNDICI_VARIABLES = [CA_ENV, 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** Whether a request may go through a proxy or need a CA file: the transport then loads undici (transport.ts). */
function needsUndici(provider: string, env: NodeJS.ProcessEnv): boolean {
  if (UNDICI_VARIABLES.some((name) => env[name]?.trim())) return true;
  const logins = openLogins(env);
  return findLogin(logins, provider, askedAccount(logins, provider))?.ca_file !== undefined;
}

/** Resolves to the exit code once stdout and stderr have written everything; undefined when the full CLI must run. */
export async function run(args: string[]): Promise<number | undefined> {
  const plain = plainWhoami(args);
  if (!plain) return undefined;
  const provider = providerName(plain.provider);
  if (needsUndici(provider, process.env)) return undefined;
  using('whoami');
  await loadColor();
  let code: number = ExitCode.ok;
  try {
    // The profile straight to fd 1 (write-out.ts): a stdout stream costs ≈1 ms.
    const out = (text: string) => writeOut(asLine(text));
    await runWhoami(provider, { json: plain.json }, { ...processIo(), out });
  } catch (err) {
    // A token to renew: the renewal is the full CLI's (this bundle leaves its flows out), and nothing was sent yet.
    if (isHandOver(err)) return undefined;
    using('error');
    const error = toLoginError(err);
    createUi().error(error);
    code = error.exitCode;
  }
  await written(process.stderr);
  return code;
}
