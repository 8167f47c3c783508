import { InvalidArgumentError, Option } from 'commander';
import { addAuthParam } from '../flows/auth-params.js';
import { MAX_MIN_TTL_S, parseMinTtl, TOKEN_FLAGS } from '../token-options.js';

export const CA_HELP = 'PEM file of private CAs, added to the trusted roots (default: $OAUTH_LOGIN_CA_FILE)';
export const CONFIG_HELP = 'config file (default: $OAUTH_LOGIN_CONFIG or ~/.config/oauth-login/config.json)';
export const STORE_HELP =
  'where tokens live: auto (OS keychain, else this run only), keychain, file, none (default: $OAUTH_LOGIN_STORE or auto)';
export const ACCOUNT_HELP = 'which stored login (default: the one used last)';

export function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    return n;
  };
}

/** --resource (repeatable): an absolute URI without a fragment (RFC 8707 §2). */
export function resourceUri(value: string, previous: string[] = []): string[] {
  if (!URL.canParse(value) || new URL(value).hash) throw new InvalidArgumentError('must be an absolute URI without #.');
  return [...previous, value];
}

/** --param key=value (repeatable): refused when it names one of the protocol's own parameters. */
export function authParam(value: string, previous?: Record<string, string>): Record<string, string> {
  const added = addAuthParam(value, previous);
  if ('refused' in added) throw new InvalidArgumentError(`${added.refused}.`);
  return added.params;
}

/** One `token` option from the table the fast path parses too. */
export function tokenOption(key: keyof typeof TOKEN_FLAGS): Option {
  const spec = TOKEN_FLAGS[key];
  const option = new Option(spec.usage, spec.help);
  if ('choices' in spec) option.choices(spec.choices);
  if (key === 'min-ttl') {
    const parse = (value: string) => {
      const n = parseMinTtl(value);
      if (n === undefined) throw new InvalidArgumentError(`must be an integer from 0 to ${MAX_MIN_TTL_S}.`);
      return n;
    };
    return option.default(Number(TOKEN_FLAGS['min-ttl'].default)).argParser(parse);
  }
  if (key === 'resource') return option.argParser(resourceUri);
  if ('default' in spec) option.default(spec.default);
  return option;
}

/** The Examples block at the end of a command's help: each line a command that works as written. */
export function examples(...lines: [command: string, what: string][]): string {
  return `\nExamples:\n${lines.map(([command, what]) => `  $ ${command}\n      ${what}`).join('\n')}\n`;
}
