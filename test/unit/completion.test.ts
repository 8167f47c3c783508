import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidates } from '../../src/completion/candidates.js';
import type { CommandSpec } from '../../src/completion/spec.js';

const COMMANDS: CommandSpec[] = [
  {
    name: 'token',
    options: [
      { names: ['--account'], takesValue: true },
      { names: ['--format'], takesValue: true, choices: ['raw', 'json'] },
      { names: ['--config'], takesValue: true },
      { names: ['--id-token'], takesValue: false },
      { names: ['-h', '--help'], takesValue: false },
    ],
    args: [{ name: 'provider' }],
  },
  {
    name: 'git-credential',
    options: [
      { names: ['--provider'], takesValue: true },
      { names: ['--account'], takesValue: true },
    ],
    args: [{ name: 'operation' }],
  },
  { name: 'help', options: [], args: [{ name: 'command' }] },
];

const asked: (string | undefined)[] = [];
const sources = {
  providers(config: string | undefined) {
    asked.push(config);
    return ['demo', 'github'];
  },
  accounts: (provider: string) => (provider === 'github' ? ['ada', 'grace'] : []),
};
const next = (...words: string[]) => candidates(COMMANDS, words, sources);

test('the first word is a command', () => {
  assert.deepEqual(next('t'), ['token', 'git-credential', 'help']);
  assert.deepEqual(next(), ['token', 'git-credential', 'help']);
});

test("a word starting with - is one of the command's long options", () => {
  assert.deepEqual(next('token', 'github', '--'), ['--account', '--format', '--config', '--id-token', '--help']);
});

test("--account offers the stored accounts of the command's provider, wherever the provider was given", () => {
  assert.deepEqual(next('token', 'github', '--account', ''), ['ada', 'grace']);
  assert.deepEqual(next('token', '--id-token', 'github', '--account', 'g'), ['ada', 'grace']);
  assert.deepEqual(next('git-credential', '--provider', 'github', '--account', ''), ['ada', 'grace']);
  assert.deepEqual(next('git-credential', '--provider=github', 'get', '--account', ''), ['ada', 'grace']);
  assert.deepEqual(next('token', '--account', ''), [], 'no provider yet: nothing to offer');
});

test('option values: choices, providers for --provider, nothing (file names) for the rest', () => {
  assert.deepEqual(next('token', 'github', '--format', ''), ['raw', 'json']);
  assert.deepEqual(next('git-credential', '--provider', ''), ['demo', 'github']);
  assert.deepEqual(next('token', 'github', '--config', ''), []);
});

test('arguments: the provider (the --config given so far is read), then nothing; help takes a command', () => {
  asked.length = 0;
  assert.deepEqual(next('token', '--config', '/etc/c.json', ''), ['demo', 'github']);
  assert.deepEqual(asked, ['/etc/c.json']);
  assert.deepEqual(next('token', '--format', 'json', 'github', ''), []);
  assert.deepEqual(next('help', ''), ['token', 'git-credential', 'help']);
  assert.deepEqual(next('unknown', ''), []);
});
