import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const BASH = '/usr/bin/bash';

/** `oauth-login` on PATH, as an installed CLI is: the script calls it by name at completion time. */
function installed(): { PATH: string; HOME: string; XDG_CONFIG_HOME: string; XDG_DATA_HOME: string } {
  const home = tempDir('oauth-login-completion-');
  const bin = join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'oauth-login'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(bin, 'oauth-login'), 0o755);
  const path = `${bin}:${process.env.PATH}`;
  return { PATH: path, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.data') };
}

/** Sources the printed script in a real bash and runs its completion function on these words, as Tab would. */
function complete(env: NodeJS.ProcessEnv, script: string, words: string[]): string[] {
  const quoted = words.map((w) => `'${w.replaceAll("'", "'\\''")}'`).join(' ');
  const program = `${script}\ncomplete -p oauth-login >&2\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}
_oauth_login; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const run = spawnSync(BASH, ['--noprofile', '--norc', '-c', program], { env, encoding: 'utf8' });
  if (run.error) throw new Error(`${BASH} could not run (${run.error.message}): this test needs bash`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /complete -o default -F _oauth_login oauth-login/);
  return run.stdout.split('\n').filter((line) => line !== '');
}

test('the bash script, sourced in bash, completes commands, flags, choices and provider names', async () => {
  const env = installed();
  mkdirSync(join(env.XDG_CONFIG_HOME, 'oauth-login'), { recursive: true });
  const corp = { issuer: 'https://idp.corp.example', client_id: 'abc' };
  writeFileSync(join(env.XDG_CONFIG_HOME, 'oauth-login', 'config.json'), JSON.stringify({ providers: { corp } }));
  const printed = await runCli(['completion', 'bash'], env).done;
  assert.equal(printed.code, 0, printed.stderr);

  assert.deepEqual(complete(env, printed.stdout, ['oauth-login', 'st']), ['status']);
  assert.deepEqual(complete(env, printed.stdout, ['oauth-login', 'sw']), ['switch']);
  assert.deepEqual(complete(env, printed.stdout, ['oauth-login', 'token', 'demo', '--acc']), ['--account']);
  assert.deepEqual(complete(env, printed.stdout, ['oauth-login', 'login', 'demo', '--login']), ['--login-hint']);
  assert.deepEqual(complete(env, printed.stdout, ['oauth-login', 'token', 'demo', '--format', 'e']), [
    'env',
    'exec-credential',
  ]);
  assert.deepEqual(complete(env, printed.stdout, ['oauth-login', 'whoami', 'c']), ['corp'], 'a config entry');
  assert.deepEqual(complete(env, printed.stdout, ['oauth-login', 'completion', '']), ['bash', 'zsh', 'fish']);
});

test('completion prints a script for zsh and fish, and refuses another shell naming the choices', async () => {
  for (const [shell, line] of [
    ['zsh', /compdef _oauth_login oauth-login/],
    ['fish', /complete -c oauth-login .*__oauth_login_complete/],
  ] as const) {
    const result = await runCli(['completion', shell]).done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, line);
  }
  const other = await runCli(['completion', 'tcsh']).done;
  assert.equal(other.code, 1);
  assert.match(other.stderr, /tcsh.*bash, zsh, fish/);
});
