import { LoginError } from '../errors.js';
import { loadConfig } from '../providers/config.js';
import { isPresetName } from '../providers/presets.js';
import { closest } from '../suggest.js';

/** The value of --config in argv, if any: a config entry may be named like a typo of a command. */
function configFlag(args: string[]): string | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg === '--config') return args[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

function unknownCommand(word: string, meant: string | undefined): LoginError {
  const suggestion = meant === undefined ? '' : ` Did you mean "${meant}"?`;
  return new LoginError('usage', `Unknown command "${word}".${suggestion}`, {
    hint: meant === undefined ? 'Run: oauth-login --help' : `Run: oauth-login ${meant} --help`,
  });
}

/**
 * A first word that is no command is a provider (`oauth-login google`), so a mistyped command would become a login
 * attempt ("Unknown provider", "too many arguments"). Caught here instead: a word close to a command, that is no
 * preset, no config entry and not given --issuer, is a typo. `help <word>` must name a command.
 */
export function typoInCommand(args: string[], commands: ReadonlySet<string>, env: NodeJS.ProcessEnv) {
  const [first, second] = args;
  if (first === 'help' && second !== undefined && !second.startsWith('-') && !commands.has(second))
    return unknownCommand(second, closest(second, commands));
  if (first === undefined || first.startsWith('-') || commands.has(first) || isPresetName(first)) return undefined;
  const meant = closest(first, commands);
  if (meant === undefined || args.some((a) => a === '--issuer' || a.startsWith('--issuer='))) return undefined;
  try {
    if (Object.hasOwn(loadConfig(configFlag(args), env).providers, first)) return undefined;
  } catch {
    // A broken config file is reported by the command that needs it, not here.
  }
  return unknownCommand(first, meant);
}
