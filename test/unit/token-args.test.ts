// fast.ts reads `token`'s arguments with plainTokenArgs instead of commander (which the full CLI reads them with, and
// which the fast path must not load): for every spelling it accepts, it must read what the full CLI's own `token`
// command (registerTokenCommands) reads; every other spelling goes to the full CLI (undefined).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { registerTokenCommands } from '../../src/cli/register-tokens.js';
import { plainTokenArgs } from '../../src/token-args.js';
import { parseMinTtl } from '../../src/token-options.js';

/** What the full CLI's `token` action is given: its provider argument and options, or commander's error. */
function commanderReads(args: string[]): { provider: string; options: Record<string, unknown> } | { error: string } {
  const program = new Command('oauth-login').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerTokenCommands(program);
  let read: { provider: string; options: Record<string, unknown> } | undefined;
  const token = program.commands.find((c) => c.name() === 'token') as Command;
  token.exitOverride().action((provider: string, options: Record<string, unknown>) => {
    read = { provider, options: { ...options } };
  });
  try {
    program.parse(['token', ...args], { from: 'user' });
  } catch (err) {
    return { error: (err as Error).message };
  }
  return read ?? { error: 'no action ran' };
}

/** The small reader's answer in the shape commander gives the action (camelCase, --min-ttl a number). */
function plainReads(args: string[]) {
  const parsed = plainTokenArgs(args);
  if (!parsed) return undefined;
  const options = Object.fromEntries(
    Object.entries(parsed.values).map(([name, value]) => [
      name.replace(/-(.)/g, (_, c: string) => c.toUpperCase()),
      name === 'min-ttl' ? parseMinTtl(value as string) : value,
    ]),
  );
  return { positionals: parsed.positionals, options };
}

const PLAIN = [
  ['github'],
  ['github', '--account', 'work'],
  ['--account=work', 'github'],
  ['github', '--format', 'json', '--min-ttl', '300', '--id-token'],
  ['github', '--format=header', '--account='],
  ['github', '--min-ttl=0', '--format=exec-credential'],
  ['https://api.example.test/', '--issuer', 'https://idp.example.test', '--config', 'c.json', '--ca-file', 'ca.pem'],
  ['github', '--scope', 'repo read:org', '--audience', 'api'],
  ['github', '--account', 'a b', '--config', 'my config.json'],
];

test('the plain spellings read exactly as the full CLI’s token command reads them, defaults included', () => {
  for (const args of PLAIN) {
    const plain = plainReads(args);
    assert.ok(plain && plain.positionals.length === 1, `read: ${args.join(' ')}`);
    assert.deepEqual(commanderReads(args), { provider: plain.positionals[0], options: plain.options }, args.join(' '));
  }
});

// Spellings the small reader accepts but fast.ts then leaves to the full CLI (its checks of the positionals, --min-ttl
// and --format): the full CLI refuses them.
const READ_BUT_LEFT = [['github', 'extra'], [], ['github', '--min-ttl', 'soon'], ['github', '--format', 'yaml']];

test('what the small reader accepts but fast.ts leaves to the full CLI is a usage error there', () => {
  for (const args of READ_BUT_LEFT) {
    assert.ok(plainTokenArgs(args), `read: ${args.join(' ')}`);
    assert.ok('error' in commanderReads(args), `the full CLI refuses ${args.join(' ')}`);
  }
});

const OTHER = [
  ['github', '-a', 'work'], // short flags
  ['github', '--unknown'],
  ['github', '--account', 'a', '--account', 'b'], // given twice
  ['github', '--account'], // no value
  ['github', '--account', '--id-token'], // a value that looks like a flag
  ['github', '--id-token=yes'],
  ['github', '--resource', 'https://api.example.test'], // repeatable: a narrowed token
  ['--', 'github'],
  ['-', 'github'],
  ['github', '--__proto__', 'x'],
  ['github', '--toString'],
];

test('every other spelling is left to the full CLI', () => {
  for (const args of OTHER) assert.equal(plainTokenArgs(args), undefined, args.join(' '));
});
