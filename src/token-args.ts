import { TOKEN_FLAGS } from './token-options.js';

type Values = { [K in keyof typeof TOKEN_FLAGS]?: (typeof TOKEN_FLAGS)[K]['type'] extends 'boolean' ? true : string };

/**
 * The `token` arguments as the full CLI's commander command reads them from TOKEN_FLAGS (defaults included; the
 * names and --min-ttl as written), for the plain spellings only: `--name value`, `--name=value`, `--flag` and
 * positionals. Anything else (a short or unknown flag, `--`, a flag given twice, a value that looks like a flag, a
 * flag that takes no value given one) is undefined and the full CLI reads it. Why not node:util's parseArgs: loading
 * and first running it costs ≈0.5 ms of a ≈20 ms start-up (commander, far more). test/unit/token-args.test.ts holds
 * this reader and the full CLI's to the same answers.
 */
export function plainTokenArgs(args: string[]): { values: Values; positionals: string[] } | undefined {
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.hasOwn(TOKEN_FLAGS, name) ? TOKEN_FLAGS[name as keyof typeof TOKEN_FLAGS] : undefined;
    // A repeatable flag (--resource) asks for a narrowed token, which is the full CLI's in any case.
    if (!arg.startsWith('--') || !spec || 'multiple' in spec || Object.hasOwn(values, name)) return undefined;
    if (spec.type === 'boolean') {
      if (eq >= 0) return undefined;
      values[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value.startsWith('-')) return undefined;
    values[name] = value;
  }
  for (const [name, spec] of Object.entries(TOKEN_FLAGS)) {
    if ('default' in spec && !Object.hasOwn(values, name)) values[name] = spec.default;
  }
  return { values: values as Values, positionals };
}
