import type { GitHost } from './git-host.js';
import { runTool, toolFailed } from './run-tool.js';
import { shellWord } from '../shell-quote.js';
import type { SelfCommand } from './self-command.js';

export interface GitConfigTarget {
  scope: '--global' | '--local';
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

/** `credential.<url>.helper`: git asks the helpers of the most specific matching URL (gitcredentials(7)). */
export const helperKey = (host: GitHost) => `credential.${host.protocol}://${host.host}.helper`;

/** What git runs: `!` makes it a shell command line, to which git appends get, store or erase. */
export function helperValue(
  self: SelfCommand,
  provider: string,
  host: GitHost,
  pick: { account?: string; config?: string } = {},
): string {
  // A bare host means https to git-credential too; plain http (loopback only) is spelled out.
  const only = host.protocol === 'https' ? host.host : `http://${host.host}`;
  const words = [self.command, ...self.args, 'git-credential', '--provider', provider, '--host', only];
  if (pick.account !== undefined) words.push('--account', pick.account);
  if (pick.config !== undefined) words.push('--config', pick.config);
  return `!${words.map(shellWord).join(' ')}`;
}

/** A helper line this CLI wrote (perhaps with another path to it, from before a move or a Node upgrade). */
export const isOurHelper = (value: string) => value.startsWith('!') && / git-credential --provider /.test(value);

export async function helperValues(target: GitConfigTarget, key: string): Promise<string[]> {
  const args = ['config', target.scope, '-z', '--get-all', key];
  const run = await runTool('git', args, target);
  // Exit 1: the key is not set.
  if (run.code === 1) return [];
  if (run.code !== 0) throw toolFailed('git', args, run);
  return run.stdout.split('\0').slice(0, -1);
}

/** Runs `git config <scope> …args`, failing with git's own words. */
export async function gitConfig(target: GitConfigTarget, args: string[]): Promise<void> {
  const full = ['config', target.scope, ...args];
  const run = await runTool('git', full, target);
  // --unset-all of a key that is not there exits 5: already what was wanted.
  if (run.code !== 0 && !(run.code === 5 && args[0] === '--unset-all')) throw toolFailed('git', full, run);
}
