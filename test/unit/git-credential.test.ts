// `oauth-login git-credential` in-process against a fake OP: what git gets for get, store and erase, and that a
// refused token is renewed on the next get instead of handed out again.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runGitCredential } from '../../src/commands/git-credential.js';
import { ExitCode } from '../../src/errors.js';
import type { SignIn } from '../../src/io.js';
import { readSecret } from '../../src/logins/service.js';
import { recordingIo } from '../support/io.js';
import { fakeOpPerFile, personLogin, sandbox, seed, tokens } from '../support/inproc.js';

const s = fakeOpPerFile();
const REQUEST = 'capability[]=authtype\nprotocol=https\nhost=git.example.com\nwwwauth[]=Basic realm="git"\n\n';
const OPTIONS = { provider: 'fake', host: 'git.example.com' };

/** What git reads back: the key=value lines as a map. */
const answer = (stdout: string[]) =>
  Object.fromEntries(
    stdout
      .join('')
      .trimEnd()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );

test('get answers username, the stored token and its expiry, with no request to the provider', async (t) => {
  const box = sandbox(t);
  const stored = tokens(600, { refresh_token: 'rt' });
  await seed(box.logins, personLogin(s.op), stored);
  const io = recordingIo(box.env);
  assert.equal(await runGitCredential('get', REQUEST, OPTIONS, io), ExitCode.ok);
  assert.deepEqual(answer(io.stdout), {
    username: 'oauth2',
    password: stored.access_token,
    password_expiry_utc: String(stored.expires_at),
  });
  assert.equal(s.op.count('token'), 0);
});

test('git_username from the config file is the username', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(600));
  mkdirSync(join(box.env.XDG_CONFIG_HOME as string, 'oauth-login'), { recursive: true });
  const config = { providers: { fake: { git_username: 'ci-bot' } } };
  writeFileSync(join(box.env.XDG_CONFIG_HOME as string, 'oauth-login', 'config.json'), JSON.stringify(config));
  const io = recordingIo(box.env);
  await runGitCredential('get', REQUEST, OPTIONS, io);
  assert.equal(answer(io.stdout).username, 'ci-bot');
});

test('erase of the stored token makes the next get refresh; erase of another token changes nothing', async (t) => {
  const box = sandbox(t);
  const stored = tokens(600, { refresh_token: 'rt' });
  const login = await seed(box.logins, personLogin(s.op), stored);
  await runGitCredential('erase', `${REQUEST}password=not-ours\n`, OPTIONS, recordingIo(box.env));
  assert.equal((await readSecret(box.logins, login))?.tokens.expires_at, stored.expires_at);

  const erase = recordingIo(box.env);
  const erased = `protocol=https\nhost=git.example.com\nusername=oauth2\npassword=${stored.access_token}\n\n`;
  assert.equal(await runGitCredential('erase', erased, OPTIONS, erase), ExitCode.ok);
  assert.deepEqual(erase.stdout, []);
  const io = recordingIo(box.env);
  await runGitCredential('get', REQUEST, OPTIONS, io);
  const renewed = answer(io.stdout).password;
  assert.ok(renewed && renewed !== stored.access_token, 'a renewed token');
  assert.equal(s.op.count('token'), 1);
  assert.equal(s.op.lastTokenRequest.get('grant_type'), 'refresh_token');
});

test('store and unknown operations are accepted silently; a request for another host gets nothing', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(600));
  for (const op of ['store', 'some-future-operation']) {
    const io = recordingIo(box.env);
    assert.equal(await runGitCredential(op, `${REQUEST}password=x\n`, OPTIONS, io), ExitCode.ok);
    assert.deepEqual([io.stdout, io.said], [[], []]);
  }
  const io = recordingIo(box.env);
  assert.equal(await runGitCredential('get', 'protocol=https\nhost=evil.example\n\n', OPTIONS, io), ExitCode.ok);
  assert.deepEqual([io.stdout, io.said], [[], []]);
});

test('row 41: plain http off this machine gets no token, even with no --host given', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(600));
  const io = recordingIo(box.env);
  const code = await runGitCredential('get', 'protocol=http\nhost=git.example.com\n\n', { provider: 'fake' }, io);
  assert.equal(code, ExitCode.error);
  assert.deepEqual(io.stdout, []);
  assert.match(io.stderrText(), /only https \(or http on this machine\)/);
});

test('no login: nothing on stdout, one line naming the fix, exit 4; no sign-in while git forbids prompts', async (t) => {
  const box = sandbox(t, { GIT_TERMINAL_PROMPT: '0' });
  let signIns = 0;
  const signIn: SignIn = async () => {
    signIns++;
  };
  const io = recordingIo(box.env);
  assert.equal(await runGitCredential('get', REQUEST, OPTIONS, io, signIn), ExitCode.needsLogin);
  assert.deepEqual(io.stdout, []);
  assert.equal(io.said.length, 1);
  assert.match(
    io.said[0]?.text ?? '',
    /^oauth-login: no token for https:\/\/git\.example\.com: .*Run: oauth-login login fake$/,
  );
  assert.equal(signIns, 0);
});

test('an expired login without a refresh token is needs login too, and the stale token is never given', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(-60));
  const io = recordingIo(box.env);
  assert.equal(await runGitCredential('get', REQUEST, OPTIONS, io), ExitCode.needsLogin);
  assert.deepEqual(io.stdout, []);
});
