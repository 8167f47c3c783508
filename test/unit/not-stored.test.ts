// token, whoami and logout of a login that is not stored (README "token", "logout"): the error names what is stored,
// so a typo or a wrong --account shows at once, and says how to log in. token exits 4 (needs login), logout 1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLogout } from '../../src/commands/logout.js';
import { runToken } from '../../src/commands/token.js';
import { runWhoami } from '../../src/commands/whoami.js';
import { ExitCode } from '../../src/errors.js';
import { notStored } from '../../src/logins/not-stored.js';
import { listLogins } from '../../src/logins/service.js';
import type { StoredLogin } from '../../src/logins/types.js';
import { fakeOpPerFile, personLogin, type Sandbox, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';

const s = fakeOpPerFile();
const tokenOpts = { minTtl: 60, format: 'raw' as const };

/** fake (ada), fake (bob, the default) and github (alice). */
async function threeLogins(box: Sandbox): Promise<void> {
  for (const [provider, account] of [
    ['fake', 'ada'],
    ['fake', 'bob'],
    ['github', 'alice'],
  ] as const)
    await seed(box.logins, personLogin(s.op, { provider, account }), tokens(3600));
}

test('token of a provider with no login names every stored login and how to log in (exit 4)', async (t) => {
  const box = sandbox(t);
  await threeLogins(box);
  await assert.rejects(runToken('gitlab', tokenOpts, recordingIo(box.env)), {
    code: 'needs_login',
    exitCode: ExitCode.needsLogin,
    message: 'No login for "gitlab". Stored: fake (ada), fake (bob), github (alice).',
    hint: 'Run: oauth-login login gitlab',
  });
});

test('token --account of an account that is not stored names the accounts of that provider', async (t) => {
  const box = sandbox(t);
  await threeLogins(box);
  await assert.rejects(runToken('fake', { ...tokenOpts, account: 'carol' }, recordingIo(box.env)), {
    exitCode: ExitCode.needsLogin,
    message: 'No login for fake (carol). Stored: fake (ada), fake (bob), github (alice).',
    hint: 'Pass --account ada or bob, or to sign in again: oauth-login login fake --account carol',
  });
});

test('token and whoami with nothing stored at all: "Not logged in to github" (exit 4)', async (t) => {
  const box = sandbox(t);
  const expected = {
    exitCode: ExitCode.needsLogin,
    message: 'Not logged in to github.',
    hint: 'Run: oauth-login login github',
  };
  await assert.rejects(runToken('github', tokenOpts, recordingIo(box.env)), expected);
  await assert.rejects(runWhoami('github', {}, recordingIo(box.env)), expected);
});

test('logout of a provider or account that is not stored names what is, exit 1, and removes nothing', async (t) => {
  const box = sandbox(t);
  await threeLogins(box);
  await assert.rejects(runLogout('gitlab', {}, recordingIo(box.env)), {
    code: 'not_logged_in',
    exitCode: ExitCode.error,
    message: 'No login for "gitlab". Stored: fake (ada), fake (bob), github (alice).',
  });
  await assert.rejects(runLogout('github', { account: 'bob' }, recordingIo(box.env)), {
    exitCode: ExitCode.error,
    message: 'No login for github (bob). Stored: fake (ada), fake (bob), github (alice).',
    hint: 'Pass --account alice, or to sign in again: oauth-login login github --account bob',
  });
  assert.equal(listLogins(box.logins).length, 3, 'nothing was removed');
});

test('a long list names six logins and points at status for the rest', () => {
  const stored = Array.from({ length: 8 }, (_, i) => ({ provider: 'p', account: `a${i}` }) as StoredLogin);
  const error = notStored(stored, 'q', undefined, 'needsLogin');
  assert.equal(
    error.message,
    'No login for "q". Stored: p (a0), p (a1), p (a2), p (a3), p (a4), p (a5), and 2 more (oauth-login status).',
  );
});
