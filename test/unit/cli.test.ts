import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withDefaultCommand } from '../../src/cli.js';

test('`oauth-login google` is short for `oauth-login login google`', () => {
  assert.deepEqual(withDefaultCommand(['google', '--json']), ['login', 'google', '--json']);
  assert.deepEqual(withDefaultCommand(['providers']), ['providers']);
  assert.deepEqual(withDefaultCommand(['--version']), ['--version']);
  assert.deepEqual(withDefaultCommand([]), []);
});
