import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closest, didYouMean, editDistance } from '../../src/suggest.js';

const COMMANDS = ['login', 'token', 'sign', 'status', 'whoami', 'logout', 'providers', 'doctor', 'help'];

test('a swap of two neighbouring letters is one edit', () => {
  assert.equal(editDistance('stauts', 'status'), 1);
  assert.equal(editDistance('googel', 'google'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
});

for (const [typo, meant] of [
  ['stauts', 'status'],
  ['logn', 'login'],
  ['tokne', 'token'],
  ['provders', 'providers'],
  ['Status', 'status'],
] as const) {
  test(`"${typo}" suggests "${meant}"`, () => assert.equal(closest(typo, COMMANDS), meant));
}

test('a word far from every candidate, a short word, or a candidate itself suggests nothing', () => {
  assert.equal(closest('gitlab', COMMANDS), undefined);
  assert.equal(closest('ab', ['gitlab', 'ab1']), undefined);
  assert.equal(closest('x', ['y']), undefined);
  assert.equal(closest('status', COMMANDS), undefined);
});

test('didYouMean is a sentence to append, or nothing', () => {
  assert.equal(didYouMean('gihub', ['github', 'gitlab']), ' Did you mean "github"?');
  assert.equal(didYouMean('okta', ['github', 'gitlab']), '');
});
