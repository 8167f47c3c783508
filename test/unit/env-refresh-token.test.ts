// The CI path (README "token"): OAUTH_LOGIN_<NAME>_REFRESH_TOKEN mints an access token with no stored state,
// writes nothing, and warns exactly when the provider rotated the refresh token (the variable then goes stale).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { runToken } from '../../src/commands/token.js';
import { ExitCode } from '../../src/errors.js';
import type { TokenOptions } from '../../src/token-options.js';
import { CLIENT_ID } from '../support/fake-op.js';
import { fakeOpPerFile, personLogin, type Sandbox, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';

const s = fakeOpPerFile();
const opts = (over: Partial<TokenOptions> = {}): TokenOptions => ({
  issuer: s.op.issuer,
  minTtl: 60,
  format: 'raw',
  ...over,
});
const ciBox = (t: Parameters<typeof sandbox>[0]): Sandbox =>
  sandbox(t, { OAUTH_LOGIN_FAKE_CLIENT_ID: CLIENT_ID, OAUTH_LOGIN_FAKE_REFRESH_TOKEN: 'rt-from-ci' });

test('prints the access token the provider minted from the variable, and writes nothing', async (t) => {
  const box = ciBox(t);
  const io = recordingIo(box.env);
  await runToken('fake', opts(), io);
  assert.equal(s.op.lastTokenRequest.get('grant_type'), 'refresh_token');
  assert.equal(s.op.lastTokenRequest.get('refresh_token'), 'rt-from-ci');
  assert.equal(io.stdout.length, 1);
  assert.ok(s.op.issued.has(io.stdout[0] as string), 'the token the provider issued');
  assert.deepEqual(readdirSync(box.env.XDG_DATA_HOME as string), [], 'no data dir, index, lock or secret');
});

test('warns once, naming the variable, when the provider rotated the refresh token', async (t) => {
  const io = recordingIo(ciBox(t).env);
  await runToken('fake', opts(), io);
  assert.deepEqual(
    io.said.map((m) => [m.kind, m.text]),
    [
      [
        'warn',
        'fake rotated the refresh token: the one in OAUTH_LOGIN_FAKE_REFRESH_TOKEN will stop working. Store a login instead (oauth-login login fake --store file).',
      ],
    ],
  );
});

for (const [what, refresh_token] of [
  ['sends no refresh token', undefined],
  ['sends the same one back', 'rt-from-ci'],
] as const) {
  test(`says nothing when the provider ${what}`, async (t) => {
    s.op.reset({ token: { fields: { refresh_token } } });
    const io = recordingIo(ciBox(t).env);
    await runToken('fake', opts({ format: 'json' }), io);
    assert.deepEqual(io.said, []);
    assert.equal(typeof JSON.parse(io.stdout.join('')).access_token, 'string');
  });
}

test('the variable wins over a stored login, unless --account names one', async (t) => {
  const box = ciBox(t);
  const stored = tokens(3600, { refresh_token: 'rt-stored' });
  await seed(box.logins, personLogin(s.op), stored);
  const fromEnv = recordingIo(box.env);
  await runToken('fake', opts(), fromEnv);
  assert.equal(s.op.count('token'), 1);
  assert.notEqual(fromEnv.stdout[0], stored.access_token);
  const fromStore = recordingIo(box.env);
  await runToken('fake', opts({ account: 'ada' }), fromStore);
  assert.equal(s.op.count('token'), 1, 'the fresh stored token needs no request');
  assert.deepEqual(fromStore.stdout, [stored.access_token]);
});

test('a refresh token the provider no longer accepts is needs-login (exit 4) saying to renew the variable', async (t) => {
  const box = ciBox(t);
  s.op.reset({ token: { status: 400, body: '{"error":"invalid_grant"}' } });
  await assert.rejects(runToken('fake', opts(), recordingIo(box.env)), {
    code: 'needs_login',
    exitCode: ExitCode.needsLogin,
    message: 'The provider no longer accepts the refresh token in OAUTH_LOGIN_FAKE_REFRESH_TOKEN.',
    hint: 'Renew OAUTH_LOGIN_FAKE_REFRESH_TOKEN: set it (e.g. your CI secret) to the "refresh_token" that "oauth-login login fake --json --show-tokens --store none" prints.',
  });
  assert.deepEqual(readdirSync(box.env.XDG_DATA_HOME as string), [], 'nothing is written');
});

test('another refusal of the variable stays the provider error it is (exit 1), naming the refusal', async (t) => {
  const box = ciBox(t);
  s.op.reset({ token: { status: 401, body: '{"error":"invalid_client"}' } });
  await assert.rejects(runToken('fake', opts(), recordingIo(box.env)), {
    exitCode: ExitCode.error,
    message: /invalid_client \(HTTP 401\)/,
  });
  assert.deepEqual(readdirSync(box.env.XDG_DATA_HOME as string), []);
});
