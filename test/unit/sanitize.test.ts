import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, MAX_TERMINAL_TEXT, terminalSafe } from '../../src/sanitize.js';

test('terminalSafe removes ANSI colour and OSC hyperlink sequences whole', () => {
  const hostile = '\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \x1b]0;title\x1b\\done';
  assert.equal(terminalSafe(hostile), 'red link done');
});

test('terminalSafe strips C0/C1 controls and bidi overrides and flattens newlines', () => {
  assert.equal(terminalSafe('a\x00b\x07c\x85d\u202Ee\r\nf\tg\x7f'), 'abcde f g');
});

test('terminalSafe caps length', () => {
  const out = terminalSafe('x'.repeat(5000));
  assert.equal(out.length, MAX_TERMINAL_TEXT + 1);
  assert.ok(out.endsWith('…'));
});

test('escapeHtml escapes markup and drops escape sequences', () => {
  assert.equal(
    escapeHtml('<script>alert("x")</script>&\'\x1b[2J'),
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
  );
});
