import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoginError } from '../../src/errors.js';
import { createUi, loadColor } from '../../src/ui.js';

/** A stand-in for stderr: a terminal or not, and everything written to it. */
function stream(isTTY: boolean) {
  const s = {
    isTTY,
    text: '',
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s as typeof s & NodeJS.WriteStream;
}

const GREEN_CHECK = '\x1b[32m✓\x1b[39m';

// In this order: chalk is loaded once per process, so the first test sees the state before any load.
test('with colour off (not a terminal, no FORCE_COLOR), loadColor loads nothing and output is plain', async () => {
  await loadColor(stream(false), {});
  // FORCE_COLOR would turn colour on, but chalk was never loaded: what is printed shows it.
  const out = stream(true);
  createUi({ stream: out, env: { FORCE_COLOR: '1' } }).success('signed in');
  assert.equal(out.text, '✓ signed in\n');
});

test('on a terminal, loadColor brings chalk in and the summary is coloured', async () => {
  // chalk reads FORCE_COLOR when it loads (this test's stderr is a pipe).
  process.env.FORCE_COLOR = '1';
  await loadColor(stream(true), {});
  const out = stream(true);
  createUi({ stream: out, env: {} }).success('signed in');
  assert.equal(out.text, `${GREEN_CHECK} signed in\n`);
  const err = stream(true);
  createUi({ stream: err, env: {} }).error(new LoginError('unexpected', 'failed', { hint: 'try again' }));
  assert.equal(err.text, '\x1b[31m✗\x1b[39m failed\n  \x1b[2mtry again\x1b[22m\n');
});

test('NO_COLOR wins over a terminal and FORCE_COLOR; a pipe without FORCE_COLOR is plain', () => {
  const noColor = stream(true);
  createUi({ stream: noColor, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).success('a');
  const pipe = stream(false);
  createUi({ stream: pipe, env: {} }).success('b');
  const forced = stream(false);
  createUi({ stream: forced, env: { FORCE_COLOR: '1' } }).success('c');
  assert.deepEqual([noColor.text, pipe.text, forced.text], ['✓ a\n', '✓ b\n', `${GREEN_CHECK} c\n`]);
});
