// Row 30 of test/HOSTILE.md: no program we start sees an OAUTH_LOGIN_* secret.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childEnv, isSecretVariable, scrubProcessEnv } from '../../src/child-env.js';

const secret = [
  'OAUTH_LOGIN_RT_CLIENT_SECRET',
  'OAUTH_LOGIN_RT_REFRESH_TOKEN',
  'OAUTH_LOGIN_GITHUB_CLIENT_SECRET',
  'OAUTH_LOGIN_MY_CORP_CLIENT_SECRET',
  'OAUTH_LOGIN_ACCESS_TOKEN',
  'OAUTH_LOGIN_ID_TOKEN',
  'OAUTH_LOGIN_ACCESS_TOKEN_SECRET',
  'OAUTH_LOGIN_SECRET',
  'OAUTH_LOGIN_TOKEN',
  'oauth_login_github_client_secret',
];
const kept = [
  'OAUTH_LOGIN_GITHUB_CLIENT_ID',
  'OAUTH_LOGIN_STORE',
  'OAUTH_LOGIN_CONFIG',
  'OAUTH_LOGIN_HTTP_TIMEOUT_MS',
  'OAUTH_LOGIN_SECRETS_DIR',
  'OAUTH_LOGIN_TOKENS',
  'GITHUB_CLIENT_SECRET',
  'MY_OAUTH_LOGIN_X_TOKEN',
  'PATH',
  'DISPLAY',
  'BROWSER',
];

test('isSecretVariable: every OAUTH_LOGIN_* name ending in _SECRET or _TOKEN, and nothing else', () => {
  for (const name of secret) assert.equal(isSecretVariable(name), true, name);
  for (const name of kept) assert.equal(isSecretVariable(name), false, name);
});

test('childEnv drops the secret variables and keeps everything else, value for value', () => {
  const env = Object.fromEntries([...secret, ...kept].map((name) => [name, `value of ${name}`]));
  assert.deepEqual(childEnv(env), Object.fromEntries(kept.map((name) => [name, `value of ${name}`])));
  assert.equal(env.OAUTH_LOGIN_RT_CLIENT_SECRET, 'value of OAUTH_LOGIN_RT_CLIENT_SECRET', 'its input is untouched');
});

test('scrubProcessEnv removes them from process.env, which every child inherits by default', () => {
  process.env.OAUTH_LOGIN_RT_REFRESH_TOKEN = 'rt';
  process.env.OAUTH_LOGIN_GITHUB_CLIENT_ID = 'id';
  scrubProcessEnv();
  assert.equal('OAUTH_LOGIN_RT_REFRESH_TOKEN' in process.env, false);
  assert.equal(process.env.OAUTH_LOGIN_GITHUB_CLIENT_ID, 'id');
  delete process.env.OAUTH_LOGIN_GITHUB_CLIENT_ID;
});
