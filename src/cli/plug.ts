import type { Command } from 'commander';
import type { GitCredentialOptions } from '../commands/git-credential.js';
import type { SetupGitOptions } from '../commands/setup-git.js';
import type { SetupKubectlOptions } from '../commands/setup-kubectl.js';
import { examples } from './options.js';
import { processIo } from './process-io.js';
import { signIn } from './sign-in.js';

/** The commands that plug a login into other tools: git's credential helper and kubectl's exec plugin. */

/** Registered by cli.ts, which still owns argv and the exit code (`setExit`). */
export function addPlugCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('git-credential')
    .summary("git's credential helper (git runs it; set it up with setup-git)")
    .description("git's credential helper: git runs it with get, store or erase; set it up with setup-git.")
    .argument('<operation>', 'what git asks: get, store or erase (others are ignored)')
    .requiredOption('--provider <name>', 'whose stored login gives the token')
    .option('--host <host>', 'answer only requests for this host')
    .option('--account <name>', 'which stored login (default: the one used last)')
    .option('--config <path>', 'config file (for git_username)')
    .addHelpText(
      'after',
      examples([
        'echo url=https://github.com | git credential fill',
        'what git gets from this helper once setup-git ran',
      ]),
    )
    .action(async (operation: string, opts: GitCredentialOptions) => {
      const { readCredentialRequest } = await import('../integrations/git-protocol.js');
      // Read even for operations we ignore: git writes the request whatever we do with it.
      const input = await readCredentialRequest(process.stdin);
      const { runGitCredential } = await import('../commands/git-credential.js');
      setExit(await runGitCredential(operation, input, opts, processIo(), signIn));
    });

  program
    .command('setup-git')
    .summary('make git ask oauth-login for tokens for a host')
    .description('Make git ask oauth-login for a token for HTTPS remotes on a host (a credential helper).')
    .argument('<provider>', 'whose stored login gives the token')
    .requiredOption('--host <host>', 'the git host, with its port if any (http://127.0.0.1:PORT for loopback)')
    .option('--account <name>', 'which stored login (default: the one used last)')
    .option('--config <path>', 'config file git-credential reads (for git_username)')
    .option('--local', "write the current repository's config instead of the global one")
    .option('--remove', 'remove the helper again')
    .addHelpText(
      'after',
      examples(
        ['oauth-login setup-git github --host github.com', 'git push to github.com uses the github login'],
        ['oauth-login setup-git gitlab --host gitlab.example.com --local', 'this repository only'],
        ['oauth-login setup-git github --host github.com --remove', 'undo'],
      ),
    )
    .action(async (name: string, opts: SetupGitOptions) => {
      const { runSetupGit } = await import('../commands/setup-git.js');
      await runSetupGit(name, opts, processIo());
    });

  program
    .command('setup-kubectl')
    .summary('add a kubeconfig user whose token comes from oauth-login')
    .description('Add a kubeconfig user whose token comes from oauth-login (an exec credential plugin).')
    .argument('<provider>', 'whose stored login gives the token')
    .option('--kubeconfig <path>', "the kubeconfig to change (default: kubectl's: $KUBECONFIG or ~/.kube/config)")
    .option('--user <name>', 'name of the kubeconfig user (default: oauth-login-<provider>)')
    .option('--account <name>', 'which stored login (default: the one used last)')
    .option('--id-token', "send the ID token (Kubernetes' OpenID Connect authenticator) instead of the access token")
    .option('--print', 'print the users[] entry instead of writing it')
    .addHelpText(
      'after',
      examples(
        ['oauth-login setup-kubectl corp --id-token', 'kubectl sends the ID token of the corp login'],
        ['kubectl config set-context --current --user oauth-login-corp', 'then use that user'],
      ),
    )
    .action(async (name: string, opts: SetupKubectlOptions) => {
      const { runSetupKubectl } = await import('../commands/setup-kubectl.js');
      await runSetupKubectl(name, opts, processIo());
    });
}
