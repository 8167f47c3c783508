import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { collect, type Finished } from '../support/process.js';

/** README command 1 runs `npm run demo`: the demo provider plus the built CLI, with no display. */
function runDemo(agent: 'chromium' | 'scripted', args = ['--port', '0']): Promise<Finished> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', DEMO_AGENT: agent };
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts', ...args], { env });
  return collect(child).done;
}

for (const agent of ['chromium', 'scripted'] as const) {
  test(`the demo completes a real login with no display (${agent} user agent) and prints the profile`, async () => {
    const { code, stdout, stderr } = await runDemo(agent);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^provider: demo\nid: ada\nname: Ada Lovelace\n/);
    assert.match(stderr, /Demo provider running at http:\/\/127\.0\.0\.1:\d+/);
  });
}

/** Holds `port` on 127.0.0.1 for the test, as another program would; undefined when something already does. */
async function hold(port: number): Promise<Server | undefined> {
  const server = createServer();
  const held = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  return held ? server : undefined;
}

test('npm run demo with ports 5000 and 5055 taken: it says so and signs in on free ports', async (t) => {
  const held = await Promise.all([hold(5000), hold(5055)]);
  t.after(() => {
    for (const server of held) server?.close();
  });
  const { code, stdout, stderr } = await runDemo('scripted', []);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /^Port 5000 is in use: the callback listens on a free port instead \(--port 0\)\.$/m);
  assert.doesNotMatch(stderr, /Demo provider running at http:\/\/127\.0\.0\.1:5055\b/);
  assert.match(stdout, /^provider: demo\nid: ada\n/);
});
