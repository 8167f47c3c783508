// While a login waits (README "Browsers over SSH…"): one line says what was decided and where to paste, an SSH
// session gets the real `ssh -L` command (the listener's port, the server address of SSH_CONNECTION), the countdown
// moves even when the person may be typing, and no note about this machine comes before a discovery error.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { runLogin } from '../../src/commands/login.js';
import { browserlessLine, sshForward, sshOrigin } from '../../src/environment.js';
import { showAuthorizationUrl } from '../../src/flows/show-url.js';
import type { FlowContext } from '../../src/flows/types.js';
import { createUi } from '../../src/ui.js';
import { CLIENT_ID } from '../support/fake-op.js';
import { fakeOpPerFile, sandbox } from '../support/inproc.js';
import { recordingIo, recordingUi, type Recording } from '../support/io.js';

const s = fakeOpPerFile();
const SSH_CONNECTION = '192.0.2.10 50000 192.0.2.1 22';

test('sshOrigin reads the server address and a port other than 22 from SSH_CONNECTION, the user from USER', () => {
  assert.deepEqual(sshOrigin({ SSH_CONNECTION, USER: 'alice' }), { user: 'alice', host: '192.0.2.1', port: undefined });
  assert.deepEqual(sshOrigin({ SSH_CONNECTION: '::1 50000 2001:db8::7 2222', LOGNAME: 'bob' }), {
    user: 'bob',
    host: '2001:db8::7',
    port: '2222',
  });
  assert.equal(sshOrigin({ SSH_TTY: '/dev/pts/3' }), undefined);
});

test('sshForward forwards the callback port to the callback host, through the server the session came to', () => {
  const origin = { user: 'alice', host: '192.0.2.1' };
  assert.equal(
    sshForward(new URL('http://localhost:43123/callback'), origin),
    'ssh -L 43123:localhost:43123 alice@192.0.2.1',
  );
  assert.equal(
    sshForward(new URL('http://127.0.0.1:5000/callback'), { ...origin, port: '2222' }),
    'ssh -L 5000:127.0.0.1:5000 -p 2222 alice@192.0.2.1',
  );
  assert.equal(sshForward(new URL('http://localhost:5000/cb'), undefined), 'ssh -L 5000:localhost:5000 USER@HOST');
});

const callback = new URL('http://localhost:5000/callback');
const lines: [string, Parameters<typeof browserlessLine>[1], string][] = [
  [
    'paste, over SSH',
    { callback, paste: true, forward: 'ssh -L 5000:localhost:5000 alice@192.0.2.1', device: false },
    'W. Open the URL below in any browser, then paste here the address it ends on and press Enter, or forward the port with: ssh -L 5000:localhost:5000 alice@192.0.2.1.',
  ],
  [
    'no terminal, over SSH',
    { callback, paste: false, forward: 'ssh -L 5000:localhost:5000 alice@192.0.2.1', device: true },
    'W. Forward the port with "ssh -L 5000:localhost:5000 alice@192.0.2.1", then open the URL below on your machine (or use --flow device).',
  ],
  [
    'no terminal, no display',
    { callback, paste: false, device: true },
    "W. Open the URL below in a browser that can reach this machine's port 5000 (or use --flow device).",
  ],
];
for (const [what, o, expected] of lines) {
  test(`browserlessLine: ${what}`, () => assert.equal(browserlessLine('W', o), expected));
}

function ctx(over: Partial<FlowContext>, said: Recording['said']): FlowContext {
  return {
    ui: recordingUi(said),
    signal: new AbortController().signal,
    deadline: Date.now() + 60_000,
    browser: { kind: 'none' },
    ...over,
  };
}
const loopback = { redirectUri: 'http://localhost:43123/callback', startPage: () => assert.fail('no browser') };

test('over SSH with a terminal: one line with the real ssh -L command, then the URL; nothing else', async () => {
  const said: Recording['said'] = [];
  const origin = sshOrigin({ SSH_CONNECTION, USER: 'alice' });
  const note = 'SSH session without a display: not opening a browser';
  await showAuthorizationUrl('https://op.example/authorize?x=1', ctx({ note, ssh: { origin } }, said), loopback, true);
  assert.deepEqual(said, [
    {
      kind: 'prompt',
      text:
        'SSH session without a display: not opening a browser. Open the URL below in any browser, then paste here the address it ends on and press Enter, or forward the port with: ssh -L 43123:localhost:43123 alice@192.0.2.1.\n' +
        '  https://op.example/authorize?x=1',
    },
  ]);
});

test('--no-browser on a desktop says so, and suggests no device flow', async () => {
  const said: Recording['said'] = [];
  await showAuthorizationUrl('https://op.example/authorize', ctx({}, said), loopback);
  assert.equal(
    said[0]?.text,
    "Not opening a browser (--no-browser). Open the URL below in a browser that can reach this machine's port 43123.\n  https://op.example/authorize",
  );
});

/** A fake terminal of 80 columns that keeps what was written. */
function terminal(): NodeJS.WriteStream & { text(): string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => {
    text += String(chunk);
  });
  return Object.assign(out, { isTTY: true, columns: 80, text: () => text }) as unknown as NodeJS.WriteStream & {
    text(): string;
  };
}

test('the still countdown is redrawn on the line above the cursor (saved and restored), never on the typing line', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: 0 });
  const stream = terminal();
  const waiting = createUi({ stream, env: {} }).waiting('Waiting', 300_000, { still: true });
  t.mock.timers.tick(1000);
  t.mock.timers.tick(1000);
  waiting.stop();
  t.mock.timers.tick(5000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(
    stream.text(),
    'Waiting (5:00 left)\n\x1b7\x1b[1A\r\x1b[2KWaiting (4:59 left)\x1b8\x1b7\x1b[1A\r\x1b[2KWaiting (4:58 left)\x1b8',
  );
});

test('no note about this machine before a discovery error: the error alone', async (t) => {
  const box = sandbox(t, {
    SSH_CONNECTION,
    DISPLAY: '',
    WAYLAND_DISPLAY: '',
    DBUS_SESSION_BUS_ADDRESS: '',
    OAUTH_LOGIN_STORE: undefined,
  });
  s.op.reset({ discovery: { issuer: 'https://someone-else.example' } });
  const io = recordingIo(box.env);
  await assert.rejects(runLogin('fake', { issuer: s.op.issuer, clientId: CLIENT_ID, timeout: 5, port: 0 }, io));
  assert.deepEqual(io.said, []);
});
