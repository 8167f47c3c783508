import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handOver, isHandOver } from '../../src/hand-over.js';

test('a hand-over is told apart from every other error, and names the module left out', () => {
  const err = handOver('../flows/refresh.js');
  assert.ok(isHandOver(err));
  assert.match(err.message, /\.\.\/flows\/refresh\.js is not in this bundle/);
  for (const other of [new Error('x'), { message: 'x' }, undefined, null, 'hand-over']) assert.ok(!isHandOver(other));
});
