// Row 29 of test/HOSTILE.md: `eval "$(oauth-login token <provider> --format env)"` yields the exact values, runs nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatToken } from '../../src/token-format.js';
import { shellQuote } from '../../src/shell-quote.js';
import { runInShell, SHELLS } from '../support/shells.js';

// Each would run `touch PWNED` (or worse) if printed bare; RFC 6749 allows most of them in a token.
const hostile: string[] = [
  `ok;touch\${IFS}PWNED;x=\`true\``,
  '$(touch PWNED)',
  '`touch PWNED`',
  `\${IFS}touch\${IFS}PWNED`,
  "it's",
  "'; touch PWNED; '",
  "'\\''",
  '"$(touch PWNED)"',
  '\\',
  'a\\',
  'tok && touch PWNED || true',
  'x | tee PWNED',
  '>PWNED',
  '*',
  '~',
  '!!',
  '-n',
  '%s%n',
  '$((1+1))',
  `\${x:=PWNED}`,
  'line1\ntouch PWNED',
  '\t',
  'ünïcødé',
  '',
];

test('shellQuote single-quotes and writes a quote as close, escaped quote, reopen', () => {
  const table: [string, string][] = [
    ['abc', "'abc'"],
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ["''", "''\\'''\\'''"],
    ['$(x)`y`;z', "'$(x)`y`;z'"],
  ];
  for (const [value, quoted] of table) assert.equal(shellQuote(value), quoted, value);
});

for (const shell of SHELLS) {
  test(`${shell}: eval of a quoted hostile value gives back the exact value and runs nothing`, async () => {
    for (const value of hostile) {
      const { stdout, created } = await runInShell(shell, 'eval "V=$1"; printf %s "$V"', [shellQuote(value)]);
      assert.equal(stdout, value, `${shell} ${JSON.stringify(value)}`);
      assert.deepEqual(created, [], `${shell} ran a command from ${JSON.stringify(value)}`);
    }
  });

  test(`${shell}: eval of every --format env line (access token, ID token, OAuth 1.0a secret) runs nothing`, async () => {
    const [access, id, secret] = [`ok;touch\${IFS}PWNED;x=\`true\``, "'$(touch PWNED)'", '`touch PWNED`"\'"'];
    const bearer = { access_token: access, id_token: id, token_type: 'bearer' };
    const oauth1 = { access_token: access, token_secret: secret, token_type: 'OAuth' };
    const print =
      'printf "%s|%s|%s" "$OAUTH_LOGIN_ACCESS_TOKEN" "$OAUTH_LOGIN_ID_TOKEN" "$OAUTH_LOGIN_ACCESS_TOKEN_SECRET"';
    const cases: [string, string][] = [
      [formatToken('person', bearer, { format: 'env' }), `${access}||`],
      [formatToken('person', bearer, { format: 'env', idToken: true }), `|${id}|`],
      [formatToken('oauth1', oauth1, { format: 'env' }), `${access}||${secret}`],
    ];
    for (const [output, expected] of cases) {
      const { stdout, created } = await runInShell(shell, `eval "$1"; ${print}`, [output]);
      assert.equal(stdout, expected, output);
      assert.deepEqual(created, [], output);
    }
  });
}
