import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir } from '../support/tmp.js';

// What a person sees in a real terminal (a TTY: colour, spinner), captured with tmux for the README.
test('in a terminal, the demo shows the URL, a spinner that is cleaned up, and a coloured summary', async () => {
  // A person's terminal: not CI (CI=true turns colour off even on a TTY, and CI runs this suite).
  const { CI: _ci, ...personal } = process.env;
  const env = { ...personal, TMUX_TMPDIR: tempDir('tmux-'), NO_COLOR: '' };
  const tmux = (...args: string[]) => execFileSync('tmux', args, { env, encoding: 'utf8' });
  try {
    execFileSync('tmux', ['-V'], { env });
  } catch {
    throw new Error("tmux not found: install Debian's tmux package (apt-get install -y tmux)");
  }
  const command = `cd ${process.cwd()} && DEMO_AGENT=scripted ${process.execPath} --import tsx demo/run.ts --port 0; sleep 60`;
  tmux('new-session', '-d', '-s', 'demo', '-x', '120', '-y', '24', command);
  try {
    let screen = '';
    for (let i = 0; i < 200 && !screen.includes('picture:'); i++) {
      await sleep(100);
      screen = tmux('capture-pane', '-p', '-t', 'demo');
    }
    const coloured = tmux('capture-pane', '-p', '-e', '-t', 'demo');
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/terminal.txt', screen);
    assert.match(screen, /Opened your browser to sign in/);
    assert.match(screen, /✓ Signed in to Demo provider .* as Ada Lovelace <ada@example\.test>/);
    assert.match(screen, /^name: Ada Lovelace$/m);
    assert.doesNotMatch(screen, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Waiting/, 'the spinner line is cleared');
    assert.ok(coloured.includes('\x1b[32m✓'), 'the check mark is green on a terminal');
  } finally {
    tmux('kill-server');
  }
});
