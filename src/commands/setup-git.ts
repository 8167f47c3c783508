import { resolve } from 'node:path';
import type { CommandIo } from '../io.js';
import {
  gitConfig,
  type GitConfigTarget,
  helperKey,
  helperValue,
  helperValues,
  isOurHelper,
} from '../integrations/git-config.js';
import { parseGitHost } from '../integrations/git-host.js';
import { selfCommand } from '../integrations/self-command.js';
import { shellWord } from '../shell-quote.js';
import { terminalSafe } from '../sanitize.js';

export interface SetupGitOptions {
  host: string;
  local?: boolean;
  remove?: boolean;
  /** Written into the helper line: which stored login, and the config file (git_username) git-credential reads. */
  account?: string;
  config?: string;
  /** The repository for --local (tests); the current directory otherwise. */
  cwd?: string;
}

/**
 * `oauth-login setup-git <provider> --host HOST`: git over HTTPS to HOST asks `oauth-login git-credential`. As gh
 * does, an empty helper line first clears the helpers inherited from wider config (a `store` helper would otherwise
 * answer first with a stale token, and keep a plaintext copy of every token git approves). Running it again changes
 * nothing; stdout gets the `git config` commands that were run, stderr what happened.
 */
export async function runSetupGit(provider: string, options: SetupGitOptions, io: CommandIo): Promise<void> {
  const host = parseGitHost(options.host);
  const target: GitConfigTarget = { scope: options.local ? '--local' : '--global', env: io.env, cwd: options.cwd };
  const key = helperKey(host);
  const current = await helperValues(target, key);
  const where = options.local ? 'the repository' : 'the global git config';
  if (options.remove) {
    const kept = current.filter((value) => value !== '' && !isOurHelper(value));
    if (kept.length === current.length) {
      io.ui.info(`Nothing to remove: ${key} has no oauth-login helper in ${where}.`);
      return;
    }
    const commands = [['--unset-all', key], ...kept.map((value) => ['--add', key, value])];
    for (const args of commands) await gitConfig(target, args);
    printCommands(io, target, commands);
    io.ui.success(`git no longer asks oauth-login for ${host.protocol}://${host.host} (${where}).`);
    return;
  }
  const config = options.config === undefined ? undefined : resolve(options.cwd ?? process.cwd(), options.config);
  const helper = helperValue(selfCommand(io.env), provider, host, { account: options.account, config });
  if (current.length === 2 && current[0] === '' && current[1] === helper) {
    io.ui.success(`Already set up: git asks oauth-login (${provider}) for ${host.protocol}://${host.host} (${where}).`);
    return;
  }
  const others = current.filter((value) => value !== '' && !isOurHelper(value));
  if (others.length > 0)
    io.ui.warn(`Replaced the other helpers of ${key}: ${others.map((v) => terminalSafe(v, 80)).join(', ')}`);
  const commands = [
    ['--replace-all', key, ''],
    ['--add', key, helper],
  ];
  for (const args of commands) await gitConfig(target, args);
  printCommands(io, target, commands);
  io.ui.success(`git now asks oauth-login (${provider}) for a token for ${host.protocol}://${host.host} (${where}).`);
}

/** What was written, as the git commands that write it (they can be run by hand elsewhere). */
function printCommands(io: CommandIo, target: GitConfigTarget, commands: string[][]): void {
  const line = (args: string[]) =>
    ['git', 'config', target.scope, ...args].map((w) => (w === '' ? "''" : shellWord(w)));
  io.out(commands.map((args) => line(args).join(' ')).join('\n'));
}
