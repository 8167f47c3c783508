import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDefaultCommand } from '../../src/cli.js';
import { typoInCommand } from '../../src/cli/typos.js';
import { tempDir } from '../support/tmp.js';

test('`oauth-login google` is short for `oauth-login login google`', () => {
  assert.deepEqual(withDefaultCommand(['google', '--json']), ['login', 'google', '--json']);
  assert.deepEqual(withDefaultCommand(['providers']), ['providers']);
  assert.deepEqual(withDefaultCommand(['--version']), ['--version']);
  assert.deepEqual(withDefaultCommand([]), []);
});

const COMMANDS = new Set(['login', 'token', 'status', 'help']);
const typo = (...args: string[]) => typoInCommand(args, COMMANDS, { XDG_CONFIG_HOME: '/nonexistent' });

test('a first word close to a command is an unknown command with a suggestion, not a provider', () => {
  assert.equal(typo('stauts')?.message, 'Unknown command "stauts". Did you mean "status"?');
  assert.equal(typo('stauts')?.hint, 'Run: oauth-login status --help');
  assert.equal(typo('logn', 'demo')?.message, 'Unknown command "logn". Did you mean "login"?');
});

test('help <word> must name a command', () => {
  assert.equal(typo('help', 'logn')?.message, 'Unknown command "logn". Did you mean "login"?');
  assert.equal(typo('help', 'zebra')?.message, 'Unknown command "zebra".');
  assert.equal(typo('help', 'zebra')?.hint, 'Run: oauth-login --help');
  assert.equal(typo('help', 'status'), undefined);
});

test('a preset, a provider with --issuer, a config entry or a far word is no typo', () => {
  assert.equal(typo('demo'), undefined);
  assert.equal(typo('lgin', '--issuer', 'https://idp.example'), undefined);
  assert.equal(typo('acme'), undefined);
  const dir = tempDir('typo-');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ providers: { stauts: { issuer: 'https://i.example' } } }));
  assert.equal(typo('stauts', '--config', join(dir, 'config.json')), undefined);
  assert.equal(typo('stauts', '--config', join(dir, 'missing.json'))?.code, 'usage');
});
