import { type CompletionSources, candidates } from '../completion/candidates.js';
import type { CommandSpec } from '../completion/spec.js';
import type { CommandIo } from '../io.js';
import { listLogins, openLogins } from '../logins/service.js';
import { loadConfig } from '../providers/config.js';
import { PRESETS } from '../providers/presets.js';

/** Provider names and accounts from this machine; a broken config file or index only means fewer candidates. */
function sources(env: NodeJS.ProcessEnv): CompletionSources {
  const stored = () => {
    try {
      return listLogins(openLogins(env)).map(({ login }) => login);
    } catch {
      return [];
    }
  };
  return {
    providers(config) {
      const names = new Set([...Object.keys(PRESETS), ...stored().map((login) => login.provider)]);
      try {
        for (const name of Object.keys(loadConfig(config, env).providers)) names.add(name);
      } catch {
        // Reported by the command that needs the config, not while a person presses Tab.
      }
      return [...names].sort();
    },
    accounts(provider) {
      return stored()
        .filter((login) => login.provider === provider)
        .map((login) => login.account);
    },
  };
}

/**
 * The hidden `oauth-login __complete -- <words>` the completion scripts call: one candidate a line on stdout. Words
 * that are no plain single-line text are left out, so nothing a config file holds can break the shell's list.
 */
export function runComplete(words: string[], commands: CommandSpec[], io: Pick<CommandIo, 'env' | 'out'>): void {
  const found = candidates(commands, words, sources(io.env)).filter((word) => /^[\x21-\x7e]+$/.test(word));
  if (found.length > 0) io.out(found.join('\n'));
}
