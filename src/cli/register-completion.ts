import { Argument, type Command } from 'commander';
import type { CommandSpec } from '../completion/spec.js';
import { SHELLS, type Shell } from '../completion/spec.js';
import { writeStdout } from '../io.js';
import { examples } from './options.js';

/** Commands, options and arguments as commander registered them: completion never keeps its own list. */
function specOf(program: Command): CommandSpec[] {
  const help = program.createHelp();
  return help.visibleCommands(program).map((cmd) => ({
    name: cmd.name(),
    options: help.visibleOptions(cmd).map((o) => ({
      names: [o.short, o.long].filter((n): n is string => n !== undefined),
      takesValue: o.required || o.optional,
      choices: o.argChoices,
    })),
    args: cmd.registeredArguments.map((a) => ({ name: a.name(), choices: a.argChoices })),
  }));
}

/** `completion <shell>` prints a script; the hidden `__complete` answers it at completion time. */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .summary('print a shell completion script: bash, zsh or fish')
    .description('Print a completion script for commands, flags, provider names and stored accounts.')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      examples(
        ['eval "$(oauth-login completion bash)"', 'in ~/.bashrc: Tab completes oauth-login'],
        ['oauth-login completion fish > ~/.config/fish/completions/oauth-login.fish', 'for fish'],
      ),
    )
    .action(async (shell: Shell) => {
      const { completionScript } = await import('../completion/scripts.js');
      process.stdout.write(completionScript(shell));
    });

  program
    .command('__complete', { hidden: true })
    .description('the candidates for the words after "oauth-login" (called by the completion scripts)')
    .argument('[words...]', 'the words typed so far, the one being typed last')
    .helpOption(false)
    .action(async (words: string[]) => {
      const { runComplete } = await import('../commands/complete.js');
      runComplete(words, specOf(program), { env: process.env, out: writeStdout });
    });
}
