// `setup-git` against the machine's git with a throwaway global config (GIT_CONFIG_GLOBAL): idempotent, replaces
// inherited helpers as gh does, and --remove takes away only what it added.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSetupGit } from '../../src/commands/setup-git.js';
import { recordingIo } from '../support/io.js';
import { tempDir } from '../support/tmp.js';

function gitHome() {
  const home = tempDir('oauth-login-setup-git-');
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const helpers = (key = 'credential.https://git.example.com:8443.helper', scope = '--global', cwd?: string) => {
    try {
      return execFileSync('git', ['config', scope, '-z', '--get-all', key], { env, cwd, encoding: 'utf8' })
        .split('\0')
        .slice(0, -1);
    } catch {
      return [];
    }
  };
  return { env, home, helpers };
}

test('setup-git writes an empty helper then ours; running it again writes nothing and says so', async () => {
  const { env, home, helpers } = gitHome();
  const first = recordingIo(env);
  await runSetupGit('github', { host: 'git.example.com:8443' }, first);
  const [reset, ours] = helpers();
  assert.equal(reset, '');
  assert.match(ours ?? '', /^!.+ git-credential --provider github --host git\.example\.com:8443$/);
  assert.equal(helpers().length, 2);
  assert.match(
    first.stdout.join('\n'),
    /git config --global --add credential\.https:\/\/git\.example\.com:8443\.helper '!/,
  );
  const written = readFileSync(join(home, 'gitconfig'), 'utf8');

  const again = recordingIo(env);
  await runSetupGit('github', { host: 'git.example.com:8443' }, again);
  assert.equal(readFileSync(join(home, 'gitconfig'), 'utf8'), written, 'the file is unchanged');
  assert.deepEqual(again.stdout, []);
  assert.match(again.stderrText(), /Already set up/);
});

test('other helpers of that URL are replaced, with a warning naming them; --remove gives back the rest of the file', async () => {
  const { env, home, helpers } = gitHome();
  writeFileSync(
    join(home, 'gitconfig'),
    '[credential "https://git.example.com:8443"]\n\thelper = store\n[credential]\n\thelper = cache\n[user]\n\tname = Ada\n',
  );
  const io = recordingIo(env);
  await runSetupGit('gitlab', { host: 'https://git.example.com:8443' }, io);
  assert.equal(helpers().length, 2);
  assert.equal(helpers()[0], '');
  assert.match(io.said.find((s) => s.kind === 'warn')?.text ?? '', /Replaced the other helpers.*store/);

  const removed = recordingIo(env);
  await runSetupGit('gitlab', { host: 'git.example.com:8443', remove: true }, removed);
  assert.deepEqual(helpers(), []);
  assert.deepEqual(helpers('credential.helper'), ['cache'], 'the general helper was never touched');
  assert.match(removed.stdout.join('\n'), /--unset-all credential\.https:\/\/git\.example\.com:8443\.helper/);
  const nothing = recordingIo(env);
  await runSetupGit('gitlab', { host: 'git.example.com:8443', remove: true }, nothing);
  assert.match(nothing.stderrText(), /Nothing to remove/);
});

test('--remove keeps a helper someone added after ours', async () => {
  const { env, helpers } = gitHome();
  await runSetupGit('github', { host: 'git.example.com:8443' }, recordingIo(env));
  execFileSync(
    'git',
    ['config', '--global', '--add', 'credential.https://git.example.com:8443.helper', 'osxkeychain'],
    { env },
  );
  await runSetupGit('github', { host: 'git.example.com:8443', remove: true }, recordingIo(env));
  assert.deepEqual(helpers(), ['osxkeychain']);
});

test('--local writes the repository config, not the global one; http is only for loopback', async () => {
  const { env, helpers } = gitHome();
  const repo = tempDir('oauth-login-setup-git-repo-');
  execFileSync('git', ['init', '-q', repo], { env });
  await runSetupGit('demo', { host: 'http://127.0.0.1:8080', local: true, cwd: repo }, recordingIo(env));
  const key = 'credential.http://127.0.0.1:8080.helper';
  assert.match(helpers(key, '--local', repo)[1] ?? '', /--host http:\/\/127\.0\.0\.1:8080$/);
  assert.deepEqual(helpers(key), [], 'the global config is untouched');
  await assert.rejects(runSetupGit('demo', { host: 'http://git.example.com' }, recordingIo(env)), { code: 'usage' });
});

test('git missing from PATH is an error that names it', async () => {
  const { env } = gitHome();
  await assert.rejects(runSetupGit('demo', { host: 'h.example' }, recordingIo({ ...env, PATH: tempDir('no-git-') })), {
    code: 'git_failed',
    message: 'git was not found on PATH.',
  });
});

test('--account and --config are written into the helper line (the config as an absolute path), quoted', async () => {
  const { env, home, helpers } = gitHome();
  await runSetupGit(
    'github',
    { host: 'git.example.com:8443', account: "ada's work", config: 'conf/oauth.json', cwd: home },
    recordingIo(env),
  );
  const [, ours] = helpers();
  assert.ok(
    ours?.endsWith(
      ` git-credential --provider github --host git.example.com:8443 --account 'ada'\\''s work' --config ${join(home, 'conf/oauth.json')}`,
    ),
    ours,
  );
});
