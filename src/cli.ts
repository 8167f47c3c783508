import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { LoginOptions } from './commands/login.js';
import type { LogoutOptions } from './commands/logout.js';
import type { SignOptions } from './commands/sign.js';
import type { WhoamiOptions } from './commands/whoami.js';
import type { DoctorOptions } from './doctor/types.js';
import { ExitCode, LoginError, toLoginError } from './errors.js';
import { type CommandIo, writeStdout } from './io.js';
import { FLOW_NAMES } from './kinds.js';
import { MAX_MIN_TTL_S, parseMinTtl, TOKEN_FLAGS, type TokenOptions } from './token-options.js';
import { createUi, loadColor } from './ui.js';
import { VERSION } from './version.js';
// Secrets never come from argv (visible in `ps` and shell history): --client-secret-stdin reads them there.
import { readStdinSecret } from './secret-input.js';

const COMMANDS = new Set(['login', 'token', 'sign', 'status', 'whoami', 'logout', 'providers', 'doctor', 'help']);
const CA_HELP = 'PEM file of private CAs, added to the trusted roots (default: $OAUTH_LOGIN_CA_FILE)';
const STORE_HELP =
  'where tokens live: auto (OS keychain, else this run only), keychain, file, none (default: $OAUTH_LOGIN_STORE or auto)';

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    return n;
  };
}

/** --resource (repeatable): an absolute URI without a fragment (RFC 8707 §2). */
function resourceUri(value: string, previous: string[] = []): string[] {
  if (!URL.canParse(value) || new URL(value).hash) throw new InvalidArgumentError('must be an absolute URI without #.');
  return [...previous, value];
}

/** Ctrl+C, SIGTERM and the deadline all abort the same signal; its reason is the error (and exit code) to report. */
function lifetime(timeoutSec: number | undefined) {
  const controller = new AbortController();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () =>
    controller.abort(
      new LoginError('interrupted', `Interrupted (${signal}); nothing was stored.`, {
        exit: signal === 'SIGINT' ? 'sigint' : 'sigterm',
      }),
    );
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
  if (timeoutSec !== undefined) {
    setTimeout(
      () =>
        controller.abort(
          new LoginError('timeout', `Timed out after ${timeoutSec} s waiting for the sign-in to finish.`, {
            exit: 'timeout',
            hint: 'Run the command again, or raise the limit with --timeout SEC.',
          }),
        ),
      timeoutSec * 1000,
    ).unref();
  }
  return controller.signal;
}

/** The process as a command sees it: stderr for people, stdout for data, the signal for Ctrl+C, SIGTERM, --timeout. */
function processIo(options: { quiet?: boolean; timeout?: number } = {}): CommandIo {
  return {
    ui: createUi({ quiet: options.quiet }),
    env: process.env,
    signal: lifetime(options.timeout),
    out: writeStdout,
  };
}

/** One `token` option from the table the fast path parses too. */
function tokenOption(key: keyof typeof TOKEN_FLAGS): Option {
  const spec = TOKEN_FLAGS[key];
  const option = new Option(spec.usage, spec.help);
  if ('choices' in spec) option.choices(spec.choices);
  if (key === 'min-ttl') {
    const parse = (value: string) => {
      const n = parseMinTtl(value);
      if (n === undefined) throw new InvalidArgumentError(`must be an integer from 0 to ${MAX_MIN_TTL_S}.`);
      return n;
    };
    return option.default(Number(TOKEN_FLAGS['min-ttl'].default)).argParser(parse);
  }
  if ('default' in spec) option.default(spec.default);
  return option;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('oauth-login')
    .description('Sign in to an OAuth 2.0 / OpenID Connect provider from the terminal.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('login')
    .description('sign in with a provider: browser, device code or client credentials (also: oauth-login <provider>)')
    .argument('<provider>', 'a preset (see "providers"), a config-file entry, or any name with --issuer')
    .option('--issuer <url>', 'OpenID Provider issuer URL (discovery at /.well-known/openid-configuration)')
    .option('--client-id <id>', 'OAuth client id')
    .option('--client-secret-stdin', 'read the client secret from standard input')
    .option('--scope <scopes>', 'space-separated scopes (replaces the preset scopes)')
    .option('--tenant <tenant>', 'Microsoft tenant (default: common)')
    .option('--host <host>', "a self-hosted edition's host: GitHub Enterprise Server (github)")
    .option('--redirect-uri <uri>', 'loopback redirect URI (default: http://localhost:5000/callback)')
    .option('--port <n>', 'port of the redirect URI; 0 picks a free one', integer(0, 65535))
    .addOption(
      new Option('--timeout <sec>', 'give up after this many seconds').default(300).argParser(integer(1, 86400)),
    )
    .option('--no-browser', 'do not open a browser; only print the URL')
    .option('--browser-command <cmd>', 'run this command with the URL as its last argument (overrides $BROWSER)')
    .option('--json', 'print one JSON object on stdout')
    .option('--show-tokens', 'include access, refresh and ID tokens in the JSON output')
    .option('--config <path>', 'config file (default: $OAUTH_LOGIN_CONFIG or ~/.config/oauth-login/config.json)')
    .option('-q, --quiet', 'no progress output on stderr (errors are still shown)')
    .option('--store <store>', STORE_HELP)
    .option('--account <name>', 'store the login under this name (default: username, e-mail or id)')
    .option('--force', 'sign in again even if a stored login still works')
    .addOption(
      new Option(
        '--flow <flow>',
        'how to sign in: browser (default), a code typed on any device, or a client secret (CI)',
      ).choices(FLOW_NAMES),
    )
    .option('--resource <uri>', 'resource indicator for --flow client-credentials (repeatable)', resourceUri)
    .option('--audience <aud>', 'audience for --flow client-credentials (e.g. Auth0)')
    .option('--ca-file <path>', CA_HELP)
    .action(async (name: string, opts: LoginOptions & { quiet?: boolean }) => {
      const io = processIo(opts);
      const clientSecret = opts.clientSecretStdin ? await readStdinSecret() : undefined;
      const { runLogin } = await import('./commands/login.js');
      await runLogin(name, { ...opts, clientSecret }, io);
      setExit(ExitCode.ok);
    });

  const token = program
    .command('token')
    .description('print a valid access token for scripts, refreshing it when needed')
    .argument('<provider>', 'provider name');
  for (const key of Object.keys(TOKEN_FLAGS) as (keyof typeof TOKEN_FLAGS)[]) token.addOption(tokenOption(key));
  token.action(async (name: string, opts: TokenOptions) => {
    const { runToken } = await import('./commands/token.js');
    await runToken(name, opts, processIo());
  });

  program
    .command('sign')
    .description('print a signed Authorization header for one request with a stored OAuth 1.0a login (twitter)')
    .argument('<provider>', 'provider name')
    .argument('<method>', 'HTTP method of the request, e.g. GET')
    .argument('<url>', 'full URL of the request, query included')
    .option('--account <name>', 'which stored login (default: the one used last)')
    .option('--config <path>', 'config file (for the consumer secret)')
    .action(async (name: string, method: string, url: string, opts: SignOptions) => {
      const { runSign } = await import('./commands/sign.js');
      await runSign(name, method, url, opts, processIo());
    });

  program
    .command('status')
    .description('list stored logins; exit 4 when any needs a new login')
    .option('--json', 'print a JSON array on stdout')
    .action(async (opts: { json?: boolean }) => {
      const { runStatus } = await import('./commands/status.js');
      setExit(await runStatus(opts, processIo()));
    });

  program
    .command('whoami')
    .description('fetch the profile now with the stored token')
    .argument('<provider>', 'provider name')
    .option('--account <name>', 'which stored login (default: the one used last)')
    .option('--json', 'print one JSON object on stdout')
    .option('--config <path>', 'config file')
    .option('--ca-file <path>', CA_HELP)
    .action(async (name: string, opts: WhoamiOptions) => {
      const { runWhoami } = await import('./commands/whoami.js');
      await runWhoami(name, opts, processIo());
    });

  program
    .command('logout')
    .description('revoke the tokens at the provider (RFC 7009) and delete them locally')
    .argument('<provider>', 'provider name')
    .option('--account <name>', 'which stored login (default: the one used last)')
    .option('--all', 'every stored login of this provider')
    .option('-q, --quiet', 'no progress output on stderr')
    .option('--ca-file <path>', CA_HELP)
    .action(async (name: string, opts: LogoutOptions & { quiet?: boolean }) => {
      const { runLogout } = await import('./commands/logout.js');
      await runLogout(name, opts, processIo(opts));
    });

  program
    .command('doctor')
    .description('check what a login needs here: config, client id, port, browser, keychain, clock, discovery')
    .argument('[provider]', 'also check this provider (client id, redirect port, clock, discovery)')
    .option('--issuer <url>', 'OpenID Provider issuer URL')
    .option('--client-id <id>', 'OAuth client id')
    .option('--redirect-uri <uri>', 'loopback redirect URI')
    .option('--port <n>', 'port of the redirect URI', integer(0, 65535))
    .option('--browser-command <cmd>', 'the browser command to check (overrides $BROWSER)')
    .option('--json', 'print one JSON object on stdout')
    .option('--config <path>', 'config file')
    .option('--ca-file <path>', CA_HELP)
    .option('--store <store>', `the store to check, as for login: ${STORE_HELP}`)
    .action(async (name: string | undefined, opts: DoctorOptions) => {
      const { runDoctor } = await import('./commands/doctor.js');
      setExit(await runDoctor(name, opts, processIo()));
    });

  program
    .command('providers')
    .description('list the known providers (presets and config-file entries)')
    .option('--json', 'print a JSON array on stdout')
    .option('--config <path>', 'config file')
    .action(async (opts: { json?: boolean; config?: string }) => {
      const { runProviders } = await import('./commands/providers.js');
      runProviders(opts, { env: process.env, out: writeStdout });
    });
  return program;
}

/** `oauth-login google` is short for `oauth-login login google`. */
export function withDefaultCommand(args: string[]): string[] {
  const first = args[0];
  if (first === undefined || first.startsWith('-') || COMMANDS.has(first)) return args;
  return ['login', ...args];
}

export async function main(argv: string[]): Promise<number> {
  await loadColor();
  let exitCode: number = ExitCode.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(withDefaultCommand(argv.slice(2)), { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end in a CommanderError with exit code 0; usage errors were already printed.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    }
    const error = toLoginError(err);
    createUi().error(error);
    return error.exitCode;
  }
}
