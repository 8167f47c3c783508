// Row 32 of test/HOSTILE.md: a client secret typed at a terminal is never echoed; piped input is read as before.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { readStdinSecret } from '../../src/secret-input.js';

/** A terminal stand-in: records raw-mode switches and what was written to "stderr", in order. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const events: string[] = [];
  const output = new PassThrough();
  output.on('data', (c) => events.push(`out:${c}`));
  Object.assign(input, { setRawMode: (raw: boolean) => events.push(`raw:${raw}`) });
  return { input, output, events };
}

const typed: [string, (string | Buffer)[], string][] = [
  ['Enter (CR, as in raw mode)', ['hunter2\r'], 'hunter2'],
  ['Enter (LF)', ['hunter2\n'], 'hunter2'],
  ['Ctrl+D', ['hunter2\u0004'], 'hunter2'],
  ['Backspace (DEL and BS)', ['abcx\u007fd\u0008e\r'], 'abce'],
  ['Ctrl+U', ['wrong\u0015right\r'], 'right'],
  ['several chunks', ['se', Buffer.from('cr'), 'et\r'], 'secret'],
  ['a paste with bracketed-paste markers', ['\u001b[200~pasted-secret\u001b[201~\r'], 'pasted-secret'],
  ['text after Enter (not part of it)', ['secret\rrest'], 'secret'],
];
for (const [what, chunks, secret] of typed) {
  test(`on a terminal: ${what} → the secret, never echoed, raw mode on before the prompt and off after`, async () => {
    const { input, output, events } = terminal();
    const read = readStdinSecret(input, output);
    for (const chunk of chunks) input.write(chunk);
    assert.equal(await read, secret);
    assert.equal(events[0], 'raw:true');
    assert.match(events[1] ?? '', /^out:Client secret \(typing is not shown\), then Enter: $/);
    assert.deepEqual(events.slice(2), ['raw:false', 'out:\n'], 'nothing else written: no echo');
  });
}

test('on a terminal: a split multi-byte character is decoded whole', async () => {
  const { input, output } = terminal();
  const read = readStdinSecret(input, output);
  const bytes = Buffer.from('ü\r');
  input.write(bytes.subarray(0, 1));
  input.write(bytes.subarray(1));
  assert.equal(await read, 'ü');
});

test('on a terminal: Ctrl+C aborts with exit code 130 and leaves raw mode', async () => {
  const { input, output, events } = terminal();
  const read = readStdinSecret(input, output);
  input.write('half-typed\u0003');
  await assert.rejects(read, { code: 'interrupted', exitCode: 130 });
  assert.deepEqual(events.at(-2), 'raw:false');
});

test('on a terminal: an empty line is the "empty" error', async () => {
  const { input, output } = terminal();
  const read = readStdinSecret(input, output);
  input.write('\r');
  await assert.rejects(read, { code: 'empty_secret', message: /standard input was empty/ });
});

const piped: [string, string][] = [
  ['secret\n', 'secret'],
  ['secret\r\n', 'secret'],
  ['secret', 'secret'],
  ['a\n\n', 'a\n'],
  ['multi\nline\n', 'multi\nline'],
];
for (const [input, secret] of piped) {
  test(`piped ${JSON.stringify(input)} → ${JSON.stringify(secret)}: read to EOF, one trailing newline dropped, no prompt`, async () => {
    const stdin = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (c) => {
      written += c;
    });
    stdin.end(input);
    assert.equal(await readStdinSecret(stdin, output), secret);
    assert.equal(written, '');
  });
}

test('piped and empty (or only a newline): the "empty" error', async () => {
  for (const input of ['', '\n']) {
    const stdin = new PassThrough();
    stdin.end(input);
    await assert.rejects(readStdinSecret(stdin, new PassThrough()), { code: 'empty_secret' });
  }
});
