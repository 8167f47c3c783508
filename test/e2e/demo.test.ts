import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { collect, type Finished } from '../support/process.js';

/** README command 1 runs `npm run demo`: the demo provider plus the built CLI, with no display. */
function runDemo(agent: 'chromium' | 'scripted'): Promise<Finished> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', DEMO_AGENT: agent };
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts', '--port', '0'], { env });
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
