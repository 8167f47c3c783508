import assert from 'node:assert/strict';
import { test } from 'node:test';
import { steppedUpAccount, stepUpScope, stepUpWarning } from '../../src/logins/step-up.js';
import { fakeNetwork } from '../support/providers/network.js';
import type { LoginResult } from '../../src/flows/types.js';
import type { StoredLogin } from '../../src/logins/types.js';

const person = (scope?: string) => ({ kind: 'person', account: 'ada', scope, profile: { id: 'sub-1' } }) as StoredLogin;

test('--add-scope asks for the stored scope plus the new words, each once; GitHub-style commas are read', () => {
  assert.equal(stepUpScope('demo', person('openid profile'), { addScope: 'email profile' }), 'openid profile email');
  assert.equal(
    stepUpScope('github', person('read:user,user:email'), { addScope: 'repo' }),
    'read:user user:email repo',
  );
  assert.equal(stepUpScope('demo', person(), { addScope: 'email' }), 'email');
});

test('without --add-scope the scope is --scope as given', () => {
  assert.equal(stepUpScope('demo', person('openid'), { scope: 'openid email' }), 'openid email');
  assert.equal(stepUpScope('demo', undefined, {}), undefined);
});

test('--add-scope needs a stored person login, and contradicts --scope', () => {
  assert.throws(() => stepUpScope('demo', undefined, { addScope: 'email' }), {
    code: 'not_logged_in',
    message: 'No login of demo is stored, so there is no scope to add to.',
  });
  const machine = { kind: 'machine', account: 'ci' } as StoredLogin;
  assert.throws(() => stepUpScope('corp', machine, { addScope: 'api' }), { code: 'not_logged_in' });
  assert.throws(() => stepUpScope('demo', person('openid'), { addScope: 'email', scope: 'openid' }), { code: 'usage' });
});

test('a step-up by the same subject keeps the account name; another subject gets its own', () => {
  const signedIn = (id: string) => ({ kind: 'person', profile: { id, email: 'ada@example.test' } }) as LoginResult;
  assert.equal(steppedUpAccount(person('openid'), signedIn('sub-1'), { addScope: 'email' }), 'ada');
  assert.equal(steppedUpAccount(person('openid'), signedIn('sub-2'), { addScope: 'email' }), undefined);
  assert.equal(steppedUpAccount(person('openid'), signedIn('sub-1'), {}), undefined);
});

test('the step-up hints quote what a shell would read: a URL with & or [::1], the scope words', async (t) => {
  assert.throws(() => stepUpScope('http://[::1]:8080/mcp', undefined, { addScope: 'a b' }), {
    hint: "Run: oauth-login login 'http://[::1]:8080/mcp' --scope 'a b'",
  });
  const resource = 'https://mcp.example/mcp?team=a&env=prod';
  const net = fakeNetwork({
    'https://mcp.example/mcp': () =>
      new Response('', {
        status: 403,
        headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="w"' },
      }),
  });
  t.after(() => net.restore());
  const login = { ...person('r'), resource } as StoredLogin;
  const warning = await stepUpWarning(login, 'at', AbortSignal.timeout(10_000));
  assert.match(
    warning ?? '',
    /Step up: oauth-login login 'https:\/\/mcp\.example\/mcp\?team=a&env=prod' --add-scope 'w'$/,
  );
  const other = await stepUpWarning(login, 'at', AbortSignal.timeout(10_000), 'ops team');
  assert.match(other ?? '', / --account 'ops team' --add-scope 'w'$/, 'the account the command was given is kept');
});
