// A newcomer's first minutes, typed into a real terminal (tmux, 80 columns) as a person would: typos and their
// suggestions, the help at 80 columns, a hint followed as written, `status` before and after a demo login.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type Idp, startIdp } from '../../demo/idp.js';
import { BIN } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const home = tempDir('newcomer-');
const { CI: _ci, ...personal } = process.env; // a person's terminal, not CI
// Our own socket, removed by our own after-hook: tempDir's cleanup runs first, and a tmux server left running keeps
// the test runner's output pipe open forever.
const socketDir = mkdtempSync(join(tmpdir(), 'newcomer-tmux-'));
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-S', join(socketDir, 'sock'), ...args], { env: personal, encoding: 'utf8' });
let idp: Idp;
let step = 0;

/** A shell whose `oauth-login` is the built CLI on this Node, in an empty home, storing tokens in a file. */
function startShell(): void {
  const bin = join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'oauth-login'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(bin, 'oauth-login'), 0o755);
  const agent = fileURLToPath(new URL('../../demo/browser-agent.ts', import.meta.url));
  const rc = [
    `export PATH='${bin}':"$PATH" HOME='${home}' XDG_CONFIG_HOME='${home}/.config' XDG_DATA_HOME='${home}/.data'`,
    `export OAUTH_LOGIN_STORE=file NO_COLOR=1 PS1='$ '`,
    `export BROWSER="'${process.execPath}' --import ${import.meta.resolve('tsx')} '${agent}' scripted"`,
  ];
  writeFileSync(join(home, 'rc'), `${rc.join('\n')}\n`);
  try {
    tmux('-V');
  } catch {
    throw new Error("tmux not found: install Debian's tmux package (apt-get install -y tmux)");
  }
  tmux('new-session', '-d', '-s', 'newcomer', '-x', '80', '-y', '50', `bash --noprofile --rcfile '${home}/rc' -i`);
}

/** Types a command, waits for it to end, and returns what it printed (wrapped lines joined) and its exit code. */
async function type(command: string): Promise<{ screen: string; exit: number }> {
  const marker = `@@${++step}`;
  tmux('send-keys', '-t', 'newcomer', `${command}; echo "${marker} exit=$?"`, 'Enter');
  for (let i = 0; i < 300; i++) {
    const all = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'newcomer').split('\n');
    const end = all.findIndex((line) => line.startsWith(`${marker} exit=`));
    if (end >= 0) {
      let start = end - 1;
      while (start >= 0 && !all[start]?.includes(`echo "${marker} exit=`)) start--;
      return { screen: all.slice(start + 1, end).join('\n'), exit: Number(all[end]?.split('=')[1]) };
    }
    await sleep(100);
  }
  throw new Error(
    `"${command}" did not finish in 30 s; the terminal shows:\n${tmux('capture-pane', '-p', '-t', 'newcomer')}`,
  );
}

before(async () => {
  idp = await startIdp({ port: 0 });
  startShell();
});
after(async () => {
  try {
    tmux('kill-server');
  } finally {
    rmSync(socketDir, { recursive: true, force: true });
    await idp.close();
  }
});

test('a mistyped command gets its suggestion, and the hint runs as written', async () => {
  const typo = await type('oauth-login stauts');
  assert.equal(typo.screen, '✗ Unknown command "stauts". Did you mean "status"?\n  Run: oauth-login status --help');
  assert.equal(typo.exit, 1);
  const help = await type('oauth-login status --help');
  assert.equal(help.exit, 0);
  assert.match(help.screen, /^Usage: oauth-login status \[options\]$/m);
  assert.match(help.screen, /^Examples:\n {2}\$ oauth-login status \|\| oauth-login login github$/m);
  const login = await type('oauth-login logn demo');
  assert.equal(login.screen, '✗ Unknown command "logn". Did you mean "login"?\n  Run: oauth-login login --help');
  const helpTypo = await type('oauth-login help logn');
  assert.equal(helpTypo.screen, login.screen);
  assert.equal(helpTypo.exit, 1);
});

test('a mistyped provider gets its preset', async () => {
  for (const [typo, preset] of [
    ['googel', 'google'],
    ['gihub', 'github'],
  ]) {
    const { screen, exit } = await type(`oauth-login ${typo}`);
    assert.equal(screen.split('\n')[0], `✗ Unknown provider "${typo}". Did you mean "${preset}"?`);
    assert.equal(exit, 1);
  }
});

test('the help fits 80 columns without breaking a word, and says where the examples are', async () => {
  const { screen, exit } = await type('oauth-login --help');
  assert.equal(exit, 0);
  for (const line of screen.split('\n')) assert.ok([...line].length <= 80, `wider than 80 columns: "${line}"`);
  assert.match(screen, /sign in: browser, device code or client\n +credentials \(also: oauth-login <provider>\)/);
  assert.match(screen, /^ {2}demo-provider +run the embedded demo provider/m);
  assert.match(screen, /^Run "oauth-login <command> --help" for its options and examples\.$/m);
});

test('status with nothing stored exits 4; after the demo login it is a table that exits 0', async () => {
  const empty = await type('oauth-login status');
  assert.equal(empty.exit, 4);
  assert.equal(
    empty.screen,
    '✗ No stored logins.\n  Run "oauth-login providers" to choose one, then: oauth-login login <provider>',
  );
  const providers = await type('oauth-login providers');
  assert.match(providers.screen, /^demo +/m);
  const login = await type(`oauth-login demo --issuer ${idp.issuer} --port 0`);
  assert.equal(login.exit, 0, login.screen);
  assert.match(login.screen, /^name: Ada Lovelace$/m);
  const status = await type('oauth-login status');
  assert.equal(status.exit, 0);
  const [header, row, ...rest] = status.screen.split('\n');
  assert.match(header ?? '', /^PROVIDER {2}ACCOUNT {2}DEFAULT {2}WHO {30}EXPIRES +REFRESH {2}STATE$/);
  assert.equal(row?.indexOf('valid'), header?.indexOf('STATE'), 'the columns line up under the header');
  assert.match(
    row ?? '',
    /^demo {6}ada {6}yes {6}Ada Lovelace <ada@example\.test> {2}in (59 min|1 h) {2,}yes {6}valid$/,
  );
  assert.deepEqual(rest, []);
});

test("every command's help fits 80 columns", () => {
  const top = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
  const commands = [...top.matchAll(/^ {2}([a-z][a-z-]+) /gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
  assert.ok(commands.length >= 10, `the command list: ${commands.join(', ')}`);
  for (const command of commands) {
    const help = execFileSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8' });
    for (const line of help.split('\n')) assert.ok([...line].length <= 80, `${command} --help: "${line}"`);
  }
});
