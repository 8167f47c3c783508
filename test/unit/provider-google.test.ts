// The google preset against a fake built from Google's documentation (test/support/providers/google.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceFlow } from '../../src/flows/device.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { recordingIo } from '../support/io.js';
import { google } from '../support/providers/google.js';
import { fakeClock } from '../support/providers/network.js';

const google_ = () => resolveProvider('google', { path: '/c', providers: {} }, {}, { clientId: 'app.apps.example' });

test('google device flow: verification_url, 428 authorization_pending and 403 slow_down; slow_down adds 5 s for good', async (t) => {
  const net = await google('app.apps.example', ['pending', 'slow_down', 'pending', 'approved']);
  t.after(() => net.restore());
  const clock = fakeClock();
  const io = recordingIo({});
  const ctx = {
    ui: io.ui,
    signal: io.signal,
    deadline: Date.now() + 3_600_000,
    browser: { kind: 'none' as const },
    clock,
  };
  const login = await deviceFlow(google_(), ctx);
  assert.equal(login.kind, 'person');
  assert.equal(login.kind === 'person' && login.profile.email, 'ada@gmail.example');
  assert.match(io.stderrText(), /visit https:\/\/www\.google\.com\/device and enter the code:\n\n {4}GQVQ-JKEC/);
  assert.deepEqual(clock.waits, [5000, 5000, 10_000, 10_000], 'interval 5 s, then 10 s from the slow_down on');
  assert.equal(net.to('/token').length, 4);
});
