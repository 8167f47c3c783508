// Row 31 of test/HOSTILE.md: JSON output carries terminal controls only as \uXXXX, and the data stays exact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatToken } from '../../src/token-format.js';
import { terminalJson } from '../../src/json-out.js';

// Each raw character JSON.stringify lets through, with the escape that must stand for it.
const escaped: [string, string, string][] = [
  ['CSI (C1)', '\u009b', '\\u009b'],
  ['OSC (C1)', '\u009d', '\\u009d'],
  ['ST (C1)', '\u009c', '\\u009c'],
  ['NEL (C1)', '\u0085', '\\u0085'],
  ['first C1', '\u0080', '\\u0080'],
  ['last C1', '\u009f', '\\u009f'],
  ['DEL', '\u007f', '\\u007f'],
  ['LRE', '\u202a', '\\u202a'],
  ['RLO', '\u202e', '\\u202e'],
  ['LRI', '\u2066', '\\u2066'],
  ['PDI', '\u2069', '\\u2069'],
  ['LRM', '\u200e', '\\u200e'],
  ['RLM', '\u200f', '\\u200f'],
  ['LINE SEPARATOR', '\u2028', '\\u2028'],
  ['PARAGRAPH SEPARATOR', '\u2029', '\\u2029'],
];
// Any of these in the output would reach the terminal as is.
const RAW = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

for (const [what, raw, expected] of escaped) {
  test(`terminalJson writes ${what} (U+${raw.charCodeAt(0).toString(16).padStart(4, '0')}) as ${expected}`, () => {
    const value = { name: `a${raw}b`, [`key${raw}`]: [raw] };
    const out = terminalJson(value);
    assert.equal(RAW.test(out), false, out);
    assert.ok(out.includes(`a${expected}b`) && out.includes(`"key${expected}"`), out);
    assert.deepEqual(JSON.parse(out), value, 'JSON.parse gives back the exact data');
  });
}

test('terminalJson: a profile carrying an OSC title, a CSI colour and a bidi override round-trips exactly', () => {
  const name = '\u009d0;pwned\u009c\u009b31mAda\u202eevil\u2066x\u2069';
  const out = terminalJson({ profile: { name, raw: { nested: [name, 1, null, true] } } });
  assert.equal(RAW.test(out), false);
  assert.equal(JSON.parse(out).profile.name, name);
  assert.equal(JSON.parse(out).profile.raw.nested[0], name);
});

test('terminalJson is JSON.stringify for everything else: printable Unicode stays as it is', () => {
  for (const value of [{ a: 'Ada Lovelace', b: 'Zoë 李 🙂 ﷺ' }, [1, 'x', null], 'plain', 42, { e: '\u001b[2J\n' }]) {
    assert.equal(terminalJson(value), JSON.stringify(value));
  }
});

test("token --format json goes through it too: a scope is the provider's text, not checked like a token", () => {
  const scope = 'read \u009b2J\u202ewrite';
  const tokens = { access_token: 'tok', token_type: 'bearer', scope };
  const out = formatToken('person', tokens, { format: 'json' });
  assert.equal(RAW.test(out), false, out);
  assert.equal(JSON.parse(out).scope, scope);
});
