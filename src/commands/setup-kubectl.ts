import type { CommandIo } from '../io.js';
import { execUser, execUserYaml, setCredentialsArgs } from '../integrations/kubeconfig.js';
import { runTool, toolFailed } from '../integrations/run-tool.js';
import { selfCommand } from '../integrations/self-command.js';
import { shellWord } from '../shell-quote.js';
import { terminalSafe } from '../sanitize.js';

export interface SetupKubectlOptions {
  kubeconfig?: string;
  user?: string;
  account?: string;
  idToken?: boolean;
  print?: boolean;
}

/**
 * `oauth-login setup-kubectl <provider>`: a kubeconfig user whose credentials come from this CLI's exec plugin.
 * Written with `kubectl config set-credentials` (it knows where $KUBECONFIG points and keeps the rest of the file),
 * or printed with --print for a kubeconfig edited by hand or used by another client-go program.
 */
export async function runSetupKubectl(provider: string, options: SetupKubectlOptions, io: CommandIo): Promise<void> {
  const name = options.user ?? `oauth-login-${provider}`;
  const entry = execUser(name, selfCommand(io.env), provider, options);
  if (options.print) {
    io.out(execUserYaml(entry));
    return;
  }
  const args = setCredentialsArgs(entry, options.kubeconfig);
  const run = await runTool('kubectl', args, { env: io.env });
  if (run.code !== 0) throw toolFailed('kubectl', args, run);
  const where = options.kubeconfig ?? io.env.KUBECONFIG ?? '~/.kube/config';
  io.out(execUserYaml(entry));
  io.ui.success(`Added the kubeconfig user "${terminalSafe(name)}" to ${terminalSafe(where)}.`);
  const file = options.kubeconfig === undefined ? '' : ` --kubeconfig ${shellWord(options.kubeconfig)}`;
  io.ui.info(`Use it with: kubectl config${file} set-context --current --user ${terminalSafe(shellWord(name))}`);
}
