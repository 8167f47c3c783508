import { Command, CommanderError, type Help } from 'commander';
import { addPlugCommands } from './cli/plug.js';
import { registerCompletion } from './cli/register-completion.js';
import { registerLocalCommands } from './cli/register-local.js';
import { registerLogin } from './cli/register-login.js';
import { registerTokenCommands } from './cli/register-tokens.js';
import { typoInCommand } from './cli/typos.js';
import { ExitCode, LoginError } from './errors.js';
import { helpWidth } from './help-width.js';
import { toLoginError } from './error-mapping.js';
import { createUi, loadColor } from './ui.js';
import { VERSION } from './version.js';

/** Commander's ends that have already printed what they meant (help for a bare `oauth-login`, on stderr). */
const HELP_SHOWN = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

/** Help at helpWidth's width: the command list shows `name <args>` (options are in each command's help). */
const HELP_LAYOUT: Partial<Help> = {
  helpWidth: helpWidth(process.stdout.columns),
  subcommandTerm: (cmd) =>
    [cmd.name(), ...cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`))].join(' '),
};

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('oauth-login')
    .description('Sign in to an OAuth 2.0 / OpenID Connect provider from the terminal.')
    .usage('<command> [options]   (or: oauth-login <provider>)')
    .version(VERSION, '-V, --version')
    .configureHelp(HELP_LAYOUT)
    // Commander's messages are reported by main() in our own format, with the command's --help as the hint.
    .configureOutput({ outputError: () => {} })
    .exitOverride();
  registerLogin(program, setExit);
  registerTokenCommands(program);
  registerLocalCommands(program, setExit);
  addPlugCommands(program, setExit);
  registerCompletion(program);
  program.addHelpText('after', '\nRun "oauth-login <command> --help" for its options and examples.\n');
  return program;
}

/**
 * The commands, from what commander registered: every name (the hidden `__complete` too), and the ones a person is
 * shown, which are the only ones a typo may have meant or a hint may name.
 */
function commandNames(program: Command): { all: Set<string>; shown: Set<string> } {
  const all = new Set([...program.commands.map((c) => c.name()), 'help']);
  const shown = new Set(
    program
      .createHelp()
      .visibleCommands(program)
      .map((c) => c.name()),
  );
  return { all, shown };
}

/** `oauth-login google` is short for `oauth-login login google`. */
export function withDefaultCommand(
  args: string[],
  commands: ReadonlySet<string> = commandNames(buildProgram(() => {})).all,
): string[] {
  const first = args[0];
  if (first === undefined || first.startsWith('-') || commands.has(first)) return args;
  return ['login', ...args];
}

/** A usage error of commander as ours: "error: unknown option '--jsn'" → ✗ unknown option '--jsn', and the help to run. */
function usageError(err: CommanderError, args: string[], shown: ReadonlySet<string>): LoginError {
  const command = args[0] !== undefined && shown.has(args[0]) && args[0] !== 'help' ? ` ${args[0]}` : '';
  const message = err.message.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)$/, '. Did you mean $1?');
  return new LoginError('usage', message, { hint: `Run: oauth-login${command} --help` });
}

export async function main(argv: string[]): Promise<number> {
  await loadColor();
  let exitCode: number = ExitCode.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  const { all, shown } = commandNames(program);
  const args = withDefaultCommand(argv.slice(2), all);
  try {
    const typo = typoInCommand(argv.slice(2), shown, process.env);
    if (typo) throw typo;
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (err) {
    // --help and --version end in a CommanderError with exit code 0.
    if (err instanceof CommanderError && (err.exitCode === 0 || HELP_SHOWN.has(err.code))) return err.exitCode;
    const error = err instanceof CommanderError ? usageError(err, args, shown) : toLoginError(err);
    createUi().error(error);
    return error.exitCode;
  }
}
