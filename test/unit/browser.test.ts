import assert from 'node:assert/strict';
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

test('splitCommand honours quotes and never needs a shell', () => {
  assert.deepEqual(splitCommand(`my-browser --flag "a b" 'c d' e`), ['my-browser', '--flag', 'a b', 'c d', 'e']);
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

async function readWhenWritten(file: string): Promise<string> {
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(50);
  return readFileSync(file, 'utf8');
}
