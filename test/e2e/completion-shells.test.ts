// The zsh and fish completion scripts in the real shells, typed into a terminal (tmux) as a person would: Tab after
// a partial word completes it through `oauth-login __complete`. (bash's script is run in bash by completion.test.ts.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const home = tempDir('completion-shells-');
// Our own socket, removed by our own after-hook: a tmux server left running keeps the runner's output pipe open.
const socketDir = mkdtempSync(join(tmpdir(), 'completion-tmux-'));
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-S', join(socketDir, 'sock'), ...args], { encoding: 'utf8' });
after(() => {
  try {
    tmux('kill-server');
  } catch {
    // No session was started.
  } finally {
    rmSync(socketDir, { recursive: true, force: true });
  }
});

/** `oauth-login` on PATH as an installed CLI is: the completion scripts call it by name. */
function pathWithCli(): string {
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'oauth-login'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(bin, 'oauth-login'), 0o755);
  return `${bin}:/usr/bin:/bin`;
}

function need(program: string, pkg: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${program} not found: install Debian's ${pkg} package (apt-get install -y ${pkg})`);
  }
}

/** The last non-empty line of the terminal. */
const lastLine = (session: string) =>
  tmux('capture-pane', '-p', '-J', '-t', session)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .at(-1) ?? '';

async function until(session: string, what: string, ok: (line: string) => boolean): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const line = lastLine(session);
    if (ok(line)) return line;
    await sleep(100);
  }
  throw new Error(`${what} did not happen in 30 s; the terminal shows:\n${tmux('capture-pane', '-p', '-t', session)}`);
}

/** Starts the shell with a "$ " prompt and the completion script loaded, as the script's own header says. */
async function startShell(session: string, shell: string, setup: string): Promise<void> {
  const env = `env -i PATH='${pathWithCli()}' HOME='${home}' TERM=xterm-256color NO_COLOR=1`;
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', `${env} ${shell}`);
  tmux('send-keys', '-t', session, `${setup}; echo ready`, 'Enter');
  await until(session, `${session}: loading the completion script`, (l) => l === 'ready' || l === '$');
  await until(session, `${session}: the prompt`, (l) => l === '$');
}

/** Types a partial command line, presses Tab, and returns the line once completion has extended it. */
async function tab(session: string, typed: string): Promise<string> {
  tmux('send-keys', '-t', session, 'C-u', typed, 'Tab');
  const line = await until(session, `completing "${typed}"`, (l) => l !== `$ ${typed}` && l.startsWith(`$ ${typed}`));
  return line;
}

for (const [shell, pkg, setup] of [
  ['zsh', 'zsh', `PS1='$ '; autoload -U compinit && compinit -u && eval "$(oauth-login completion zsh)"`],
  ['fish', 'fish', `function fish_prompt; echo '$ '; end; oauth-login completion fish | source`],
] as const) {
  test(`${shell}: Tab completes a command, a flag and a flag's value through the printed script`, async () => {
    const path = need(shell, pkg);
    await startShell(shell, shell === 'zsh' ? `${path} -f -i` : `${path} --no-config -i`, setup);
    assert.equal(await tab(shell, 'oauth-login st'), '$ oauth-login status');
    assert.equal(await tab(shell, 'oauth-login token demo --for'), '$ oauth-login token demo --format');
    assert.equal(
      await tab(shell, 'oauth-login token demo --format exec-'),
      '$ oauth-login token demo --format exec-credential',
    );
  });
}
