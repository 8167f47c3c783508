// fast-local.ts holds what `status` tells a person until the command is done (notingUi), so that a fallback to the
// full CLI never prints twice. The noting Ui must behave as a Ui and as nothing else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoginError } from '../../src/errors.js';
import { notingUi, type Output } from '../../src/fast-local.js';

test('the noting Ui notes each call in order, has the Ui’s methods only, and can be awaited', async () => {
  const said: Output[] = [];
  const ui = notingUi(said);
  const err = new LoginError('usage', 'bad');
  ui.info('one');
  ui.warn('two');
  ui.error(err);
  ui.waiting('for a person', Date.now() + 1000).stop();
  assert.deepEqual(said, [
    { ui: 'info', args: ['one'] },
    { ui: 'warn', args: ['two'] },
    { ui: 'error', args: [err] },
  ]);
  assert.deepEqual(Object.keys(ui).sort(), ['error', 'info', 'notice', 'prompt', 'success', 'waiting', 'warn']);
  assert.equal((ui as unknown as { then?: unknown }).then, undefined, 'not a thenable');
  assert.equal(await Promise.resolve(ui), ui);
});
