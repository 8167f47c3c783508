import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BrowserFlags, decideBrowser, placeOf, type Surroundings } from '../../src/environment.js';

const linux = (env: NodeJS.ProcessEnv, extra: Partial<Surroundings> = {}): Surroundings => ({
  env,
  platform: 'linux',
  interactive: true,
  ...extra,
});
const SSH = { SSH_CONNECTION: '10.0.0.2 50000 10.0.0.1 22' };

const places: [string, Surroundings, ReturnType<typeof placeOf>][] = [
  ['a Linux desktop (DISPLAY)', linux({ DISPLAY: ':0' }), 'desktop'],
  ['a Wayland desktop', linux({ WAYLAND_DISPLAY: 'wayland-0' }), 'desktop'],
  ['Linux without a display', linux({}), 'headless'],
  ['SSH without a display', linux(SSH), 'ssh'],
  ['SSH_TTY alone is SSH too', linux({ SSH_TTY: '/dev/pts/1' }), 'ssh'],
  ['SSH with X forwarding (DISPLAY)', linux({ ...SSH, DISPLAY: 'localhost:10.0' }), 'desktop'],
  ['SSH into a Mac (it has a display)', { env: SSH, platform: 'darwin', interactive: true }, 'desktop'],
  ['SSH into Windows', { env: SSH, platform: 'win32', interactive: true }, 'desktop'],
  ['WSL (WSL_DISTRO_NAME)', linux({ WSL_DISTRO_NAME: 'Debian' }), 'wsl'],
  ['WSL 1 (/proc/version only)', linux({}, { procVersion: 'Linux version 4.4.0-19041-Microsoft' }), 'wsl'],
  ['SSH into WSL without a display is SSH', linux({ ...SSH, WSL_DISTRO_NAME: 'Debian' }), 'ssh'],
  ['CI=true', linux({ CI: 'true' }), 'ci'],
  ['CI=1 on a Mac runner', { env: { CI: '1' }, platform: 'darwin', interactive: false }, 'ci'],
  ['CI=false is not CI', linux({ CI: 'false', DISPLAY: ':0' }), 'desktop'],
];

for (const [what, where, expected] of places) {
  test(`placeOf: ${what} → ${expected}`, () => assert.equal(placeOf(where), expected));
}

test('--no-browser always wins, even on a desktop or with $BROWSER', () => {
  const d = decideBrowser({ browser: false, browserCommand: 'x' }, linux({ DISPLAY: ':0', BROWSER: 'firefox' }));
  assert.deepEqual(d, { browser: { kind: 'none' }, place: 'disabled' });
});

test('$BROWSER and --browser-command count as a browser over SSH and in CI, with no note', () => {
  for (const env of [
    { ...SSH, BROWSER: 'lemonade open' },
    { CI: 'true', BROWSER: 'x' },
  ]) {
    const d = decideBrowser({}, linux(env));
    assert.equal(d.browser.kind, 'command');
    assert.equal(d.note, undefined);
    assert.equal(d.failFast, undefined);
  }
  assert.equal(decideBrowser({ browserCommand: 'w3m' }, linux(SSH)).browser.kind, 'command');
});

test('a desktop opens the system browser and explains nothing', () => {
  assert.deepEqual(decideBrowser({}, linux({ DISPLAY: ':0' })), { browser: { kind: 'system' }, place: 'desktop' });
});

test('WSL opens the Windows browser through the system opener, in one line', () => {
  const d = decideBrowser({}, linux({ WSL_DISTRO_NAME: 'Ubuntu' }));
  assert.equal(d.browser.kind, 'system');
  assert.equal(d.note, 'WSL: opening the browser in Windows.');
});

const noBrowser: [string, Surroundings, BrowserFlags, string][] = [
  ['SSH', linux(SSH), {}, 'SSH session without a display: not opening a browser'],
  ['no display', linux({}), {}, 'No display (DISPLAY and WAYLAND_DISPLAY unset): not opening a browser'],
  [
    'SSH, device flow',
    linux(SSH),
    { flow: 'device' },
    'SSH session without a display: not opening a browser; enter the code below on any device.',
  ],
  ['CI with --flow auth-code', linux({ CI: 'true' }), { flow: 'auth-code' }, 'CI=true: not opening a browser'],
];

// A browser flow's note is only why: browserlessLine finishes it once the listener's port is known.
for (const [what, where, flags, note] of noBrowser) {
  test(`${what}: no browser, and why`, () => {
    const d = decideBrowser(flags, where);
    assert.equal(d.browser.kind, 'none');
    assert.equal(d.note, note);
    assert.equal(d.failFast, undefined);
  });
}

test('CI with no browser and no flow asked for fails fast', () => {
  const d = decideBrowser({}, linux({ CI: 'true', DISPLAY: ':99' }));
  assert.deepEqual(d, { browser: { kind: 'none', reason: 'no browser here' }, place: 'ci', failFast: true });
});
