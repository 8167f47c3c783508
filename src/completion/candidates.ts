import type { ArgumentSpec, CommandSpec, OptionSpec } from './spec.js';

/** Where provider names and stored accounts come from: presets, the config file, the index of stored logins. */
export interface CompletionSources {
  providers(config: string | undefined): string[];
  accounts(provider: string): string[];
}

/** The options given so far and the positional words, option values skipped. */
function scan(spec: CommandSpec, words: string[]): { values: Map<string, string>; positionals: string[] } {
  const values = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    const [name, inline] = word.startsWith('--') && word.includes('=') ? word.split(/=(.*)/s) : [word, undefined];
    const option = optionNamed(spec, name as string);
    if (option?.takesValue) {
      const value = inline ?? words[++i];
      if (value !== undefined) values.set(option.names.at(-1) as string, value);
    } else if (!word.startsWith('-') || word === '-') positionals.push(word);
  }
  return { values, positionals };
}

function optionNamed(spec: CommandSpec, name: string): OptionSpec | undefined {
  return spec.options.find((o) => o.names.includes(name));
}

/**
 * The words that may come next, for `words` (what follows `oauth-login`; the last one is being typed, '' when a new
 * word starts). The shell filters them by what is typed. Commands first; then a command's options, option values
 * (choices, providers, stored accounts) and arguments (choices, providers, command names for help).
 */
export function candidates(commands: CommandSpec[], words: string[], sources: CompletionSources): string[] {
  const current = words.at(-1) ?? '';
  if (words.length <= 1) return commands.map((c) => c.name);
  const spec = commands.find((c) => c.name === words[0]);
  if (!spec) return [];
  const before = words.slice(1, -1);
  const { values, positionals } = scan(spec, before);
  const previous = optionNamed(spec, before.at(-1) ?? '');
  const providerOf = () => values.get('--provider') ?? (spec.args[0]?.name === 'provider' ? positionals[0] : undefined);
  if (previous?.takesValue && !(before.at(-1) as string).includes('=')) {
    if (previous.choices) return [...previous.choices];
    if (previous.names.includes('--account')) {
      const provider = providerOf();
      return provider === undefined ? [] : sources.accounts(provider);
    }
    return previous.names.includes('--provider') ? sources.providers(values.get('--config')) : [];
  }
  if (current.startsWith('-')) return spec.options.flatMap((o) => o.names.filter((n) => n.startsWith('--')));
  return argumentValues(spec.args[positionals.length], commands, () => sources.providers(values.get('--config')));
}

function argumentValues(arg: ArgumentSpec | undefined, commands: CommandSpec[], providers: () => string[]): string[] {
  if (arg === undefined) return [];
  if (arg.choices) return [...arg.choices];
  if (arg.name === 'provider') return providers();
  return arg.name === 'command' ? commands.map((c) => c.name) : [];
}
