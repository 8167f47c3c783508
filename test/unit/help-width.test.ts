// `--help` is laid out in three places that must agree: cli.ts (commander), fast-local.ts (the text printed at build
// time) and scripts/build.mjs (which prints it at the widths fast-local.ts may ask for). One rule, in help-width.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_HELP_WIDTH, helpWidth, MAX_HELP_WIDTH } from '../../src/help-width.js';

test('the help width: the terminal’s up to 100 columns, else 80', () => {
  assert.deepEqual([DEFAULT_HELP_WIDTH, MAX_HELP_WIDTH], [80, 100]);
  assert.deepEqual([undefined, 0, 60, 80, 99, 100, 180].map(helpWidth), [80, 80, 60, 80, 99, 100, 100]);
});

test('cli.ts, fast-local.ts and scripts/build.mjs take the width from help-width.ts, with no numbers of their own', () => {
  for (const file of ['src/cli.ts', 'src/fast-local.ts', 'scripts/build.mjs']) {
    const text = readFileSync(file, 'utf8');
    assert.match(text, /help-width(\.js|\.ts)?'/, `${file} uses help-width`);
    assert.doesNotMatch(text, /columns \|\||\b(80|100)\b/, `${file} has no width of its own`);
  }
});
