import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertBrowserUrl, chooseBrowser, openBrowser, splitCommand } from '../../src/browser.js';
import { LoginError } from '../../src/errors.js';
import { tempDir } from '../support/tmp.js';

for (const url of [
  'file:///etc/passwd',
  'javascript:alert(1)',
  'calc.exe',
  'ms-settings:',
  'data:text/html,x',
  '"; rm -rf ~',
]) {
  test(`only http(s) URLs reach the opener: ${url} is refused`, async () => {
    assert.throws(() => assertBrowserUrl(url), LoginError);
    await assert.rejects(openBrowser(url, { kind: 'command', command: 'true', source: 'test' }), {
      code: 'unsafe_url',
    });
  });
}

test('http and https URLs are accepted', () => {
  assert.equal(assertBrowserUrl('https://a.example/x?y=1').href, 'https://a.example/x?y=1');
  assert.equal(assertBrowserUrl('http://127.0.0.1:1/').protocol, 'http:');
});

test('--no-browser wins over --browser-command and $BROWSER, which wins over open', () => {
  const env = { BROWSER: 'firefox' };
  assert.deepEqual(chooseBrowser({ browser: false, browserCommand: 'x' }, env), { kind: 'none' });
  assert.equal(chooseBrowser({ browserCommand: 'chromium --new-window' }, env).kind, 'command');
  assert.deepEqual(chooseBrowser({}, env), { kind: 'command', command: 'firefox', source: '$BROWSER' });
  assert.deepEqual(chooseBrowser({}, {}), { kind: 'system' });
});

// [command line, its words, whether /bin/sh splits it the same]. sh differs only where it would expand or run
// something ($, `, ~, ;, |, #, globs): we keep those characters as they are, since no shell ever runs the command.
const splits: [string, string[], boolean][] = [
  [`my-browser --flag "a b" 'c d' e`, ['my-browser', '--flag', 'a b', 'c d', 'e'], true],
  ['chromium --user-data-dir="/tmp/a b"', ['chromium', '--user-data-dir=/tmp/a b'], true],
  [
    "firefox --profile='/home/ada/My Profile' -new-tab",
    ['firefox', '--profile=/home/ada/My Profile', '-new-tab'],
    true,
  ],
  ['  a \t b  ', ['a', 'b'], true],
  ['a\nb', ['a', 'b'], false], // to sh a newline ends the command; here it separates words like a blank
  ['', [], true],
  [' \t ', [], true],
  [`'a "b" \\ $HOME \`x\`'`, ['a "b" \\ $HOME `x`'], true],
  ['"a\\"b"', ['a"b'], true],
  ['"a\\\\b"', ['a\\b'], true],
  ['"\\$HOME \\`id\\`"', ['$HOME `id`'], true],
  ['"a\\b \\n \\\'"', ["a\\b \\n \\'"], true],
  ['"it\'s"', ["it's"], true],
  ['\'say "hi"\'', ['say "hi"'], true],
  ["x 'a\\'", ['x', 'a\\'], true], // in single quotes a backslash escapes nothing, not even the closing quote
  ['a\\ b \\"c\\" \\\'d\\\' \\\\', ['a b', '"c"', "'d'", '\\'], true],
  ['a\\', ['a\\'], true],
  ['a\\\nb "c\\\nd" e \\\n f', ['ab', 'cd', 'e', 'f'], true],
  [`a"b c"d'e f'g`, ['ab cde fg'], true],
  [`a '' "" b`, ['a', '', '', 'b'], true],
  ["''", [''], true],
  [`x""y`, ['xy'], true],
  ['"ü ✓" 日本', ['ü ✓', '日本'], true],
  ['browser $HOME $(id) `id` ~ ~/x *.txt', ['browser', '$HOME', '$(id)', '`id`', '~', '~/x', '*.txt'], false],
  ['a;b | c && d > e < f # g', ['a;b', '|', 'c', '&&', 'd', '>', 'e', '<', 'f', '#', 'g'], false],
];
for (const [command, words, sameAsSh] of splits) {
  test(`splitCommand(${JSON.stringify(command)}) is ${JSON.stringify(words)}`, () => {
    assert.deepEqual(splitCommand(command, '--browser-command'), words);
    if (sameAsSh) assert.deepEqual(shWords(command), words, 'as /bin/sh splits it');
  });
}

/**
 * How /bin/sh splits `command` into words: the arguments of a function call, with globbing off, printed NUL-separated
 * so that empty words show. The command ends the script, so a backslash at its end is at the end of the input.
 */
function shWords(command: string): string[] {
  const script = `set -f; words() { for w; do printf '%s\\0' "$w"; done; }; words ${command}`;
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  return out === '' ? [] : out.slice(0, -1).split('\0');
}

const unterminated: [string, string, RegExp][] = [
  ['chromium "--user-data-dir=/tmp/a b', '--browser-command', /unterminated double quote \(the " at character 10/],
  ["firefox it's", '$BROWSER', /unterminated single quote \(the ' at character 11/],
  ['x "a\\"', '--browser-command', /unterminated double quote/],
  ["x 'it\\'s'", '$BROWSER', /unterminated single quote \(the ' at character 9/],
];
for (const [command, source, message] of unterminated) {
  test(`splitCommand(${JSON.stringify(command)}) is a LoginError naming ${source}`, () => {
    assert.throws(
      () => splitCommand(command, source),
      (err: unknown) => {
        assert.ok(err instanceof LoginError);
        assert.equal(err.code, 'invalid_browser_command');
        assert.ok(err.message.startsWith(`${source} has an `), err.message);
        assert.match(err.message, message);
        assert.match(String(err.hint), new RegExp(`Close the quote in ${source.replace('$', '\\$')}`));
        return true;
      },
    );
    assert.throws(() => shWords(command), 'sh refuses it too');
  });
}

test('an unterminated quote fails when the browser is chosen, naming the option; --no-browser still wins', () => {
  assert.throws(() => chooseBrowser({ browserCommand: 'chromium "x' }, {}), /^LoginError: --browser-command has/);
  assert.throws(() => chooseBrowser({}, { BROWSER: "open 'x" }), /^LoginError: \$BROWSER has/);
  assert.deepEqual(chooseBrowser({ browser: false }, { BROWSER: "open 'x" }), { kind: 'none' });
});

test('quoted arguments reach the browser command whole, the URL last', async () => {
  const file = join(tempDir('browser-'), 'argv');
  const script = "require('fs').writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))";
  const command = `'${process.execPath}' -e "${script}" ${file} --user-data-dir="/tmp/a b" 'c d'`;
  assert.equal(await openBrowser('https://a.example/?q=1', { kind: 'command', command, source: 't' }), undefined);
  assert.deepEqual(JSON.parse(await readWhenWritten(file)), [
    '--user-data-dir=/tmp/a b',
    'c d',
    'https://a.example/?q=1',
  ]);
});

test('a browser command gets the URL as its last argument, or in place of %s', async () => {
  const dir = tempDir('browser-');
  const last = join(dir, 'last');
  const placed = join(dir, 'placed');
  const url = 'https://a.example/auth?x=1&y=$(touch pwned)';
  assert.equal(
    await openBrowser(url, {
      kind: 'command',
      command: `${process.execPath} -e "require('fs').writeFileSync(process.argv[1], process.argv[2])" ${last}`,
      source: 't',
    }),
    undefined,
  );
  assert.equal(
    await openBrowser(url, {
      kind: 'command',
      command: `${process.execPath} -e "require('fs').writeFileSync(process.argv[1], process.argv[2])" ${placed} %s`,
      source: 't',
    }),
    undefined,
  );
  const expected = new URL(url).href;
  assert.equal(await readWhenWritten(last), expected);
  assert.equal(await readWhenWritten(placed), expected);
});

test('a browser command that does not exist is reported, not thrown', async () => {
  const reason = await openBrowser('https://a.example/', {
    kind: 'command',
    command: '/nonexistent/browser',
    source: '$BROWSER',
  });
  assert.match(reason ?? '', /\$BROWSER \(\/nonexistent\/browser\) failed/);
});

/** The child creates the file, then writes to it: wait for its content, not just for the file (up to 5 s). */
async function readWhenWritten(file: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text) return text;
    await sleep(50);
  }
  return readFileSync(file, 'utf8');
}
