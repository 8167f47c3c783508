// fast.ts reads `token`'s arguments with plainTokenArgs instead of node:util's parseArgs (cheaper to start): for every
// spelling it accepts, it must read what parseArgs reads; every other spelling goes to the full CLI (undefined).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import { plainTokenArgs } from '../../src/token-args.js';
import { TOKEN_FLAGS } from '../../src/token-options.js';

const parsed = (args: string[]) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: TOKEN_FLAGS });
  return { values: { ...values }, positionals };
};

const PLAIN = [
  ['github'],
  ['github', '--account', 'work'],
  ['--account=work', 'github'],
  ['github', '--format', 'json', '--min-ttl', '300', '--id-token'],
  ['github', '--format=header', '--account='],
  ['https://api.example.test/', '--issuer', 'https://idp.example.test', '--config', 'c.json', '--ca-file', 'ca.pem'],
  ['github', '--scope', 'repo read:org', '--audience', 'api'],
  ['github', 'extra'],
  [],
];

test('the plain spellings read exactly as parseArgs reads them, defaults included', () => {
  for (const args of PLAIN) assert.deepEqual(plainTokenArgs(args), parsed(args), args.join(' '));
});

const OTHER = [
  ['github', '-a', 'work'], // short flags
  ['github', '--unknown'],
  ['github', '--account', 'a', '--account', 'b'], // given twice: parseArgs keeps the last
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
