import type { Command } from 'commander';
import type { GitCredentialOptions } from '../commands/git-credential.js';
import type { SetupGitOptions } from '../commands/setup-git.js';
import type { SetupKubectlOptions } from '../commands/setup-kubectl.js';
import { processIo } from './process-io.js';
import { signIn } from './sign-in.js';

/** The commands that plug a login into other tools: git's credential helper and kubectl's exec plugin. */

/** Registered by cli.ts, which still owns argv and the exit code (`setExit`). */
export function addPlugCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('git-credential')
    .description("git's credential helper (run by git; set it up with setup-git): get, store or erase")
    .argument('<operation>', 'what git asks: get, store or erase (others are ignored)')
    .requiredOption('--provider <name>', 'whose stored login gives the token')
    .option('--host <host>', 'answer only requests for this host')
    .option('--account <name>', 'which stored login (default: the one used last)')
    .option('--config <path>', 'config file (for git_username)')
    .action(async (operation: string, opts: GitCredentialOptions) => {
      const { readCredentialRequest } = await import('../integrations/git-protocol.js');
      // Read even for operations we ignore: git writes the request whatever we do with it.
      const input = await readCredentialRequest(process.stdin);
      const { runGitCredential } = await import('../commands/git-credential.js');
      setExit(await runGitCredential(operation, input, opts, processIo(), signIn));
    });

  program
    .command('setup-git')
    .description('make git ask oauth-login for a token for HTTPS remotes on a host')
    .argument('<provider>', 'whose stored login gives the token')
    .requiredOption('--host <host>', 'the git host, with its port if any (http://127.0.0.1:PORT for loopback)')
    .option('--local', "write the current repository's config instead of the global one")
    .option('--remove', 'remove the helper again')
    .action(async (name: string, opts: SetupGitOptions) => {
      const { runSetupGit } = await import('../commands/setup-git.js');
      await runSetupGit(name, opts, processIo());
    });

  program
    .command('setup-kubectl')
    .description('add a kubeconfig user whose token comes from oauth-login (exec credential plugin)')
    .argument('<provider>', 'whose stored login gives the token')
    .option('--kubeconfig <path>', "the kubeconfig to change (default: kubectl's: $KUBECONFIG or ~/.kube/config)")
    .option('--user <name>', 'name of the kubeconfig user (default: oauth-login-<provider>)')
    .option('--account <name>', 'which stored login (default: the one used last)')
    .option('--id-token', "send the ID token (Kubernetes' OpenID Connect authenticator) instead of the access token")
    .option('--print', 'print the users[] entry instead of writing it')
    .action(async (name: string, opts: SetupKubectlOptions) => {
      const { runSetupKubectl } = await import('../commands/setup-kubectl.js');
      await runSetupKubectl(name, opts, processIo());
    });
}
