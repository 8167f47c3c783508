// What a browser the CLI starts inherits (test/HOSTILE.md, row 37): no OAUTH_LOGIN_* secret, everything else.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { authorize, CLIENT_SECRET, startLogin, visit } from '../support/fake-op.js';
import { hostileSetup } from '../support/hostile.js';
import { tempDir } from '../support/tmp.js';

const s = hostileSetup();

// The secrets of the review (issue 11, item 9), the secret of this very login (the leak check knows it), and a token
// a shell may hold from `eval "$(oauth-login token … --format env)"`.
const SECRETS: NodeJS.ProcessEnv = {
  OAUTH_LOGIN_FAKE_CLIENT_SECRET: CLIENT_SECRET,
  OAUTH_LOGIN_RT_CLIENT_SECRET: 'rt-client-secret-value',
  OAUTH_LOGIN_RT_REFRESH_TOKEN: 'rt-refresh-token-value',
  OAUTH_LOGIN_GITHUB_CLIENT_SECRET: 'github-client-secret-value',
  OAUTH_LOGIN_ACCESS_TOKEN: 'access-token-from-a-shell',
};
// Not secret: the browser still gets these (and the hook its E2E_HOOK_URL, or it could not report).
const KEPT: NodeJS.ProcessEnv = { OAUTH_LOGIN_GITHUB_CLIENT_ID: 'github-client-id', E2E_KEPT: 'kept' };

/** Logs in with `env`, the browser writing its environment to a file; returns that environment. */
async function browserEnvironment(env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const file = join(tempDir('oauth-login-browser-env-'), 'env.json');
  const login = await startLogin(s.op, s.hook, [], { ...SECRETS, ...KEPT, ...env, E2E_HOOK_ENV_FILE: file });
  await visit(await authorize(login.url));
  const { code, stderr } = await login.run.done;
  assert.equal(code, 0, stderr);
  assert.ok(existsSync(file), 'the browser ran');
  return JSON.parse(readFileSync(file, 'utf8'));
}

function assertScrubbed(seen: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(SECRETS)) assert.equal(seen[name], undefined, `${name} reached the browser`);
  const values = Object.values(SECRETS);
  assert.deepEqual(
    Object.entries(seen).filter(([, value]) => values.includes(value)),
    [],
    'no secret value under another name',
  );
  for (const [name, value] of Object.entries(KEPT)) assert.equal(seen[name], value, `${name} is passed on`);
}

test('row 37: a $BROWSER command gets no OAUTH_LOGIN_* secret or token, and the rest of the environment', async () => {
  const seen = await browserEnvironment(s.hook.env);
  assert.ok(seen.E2E_HOOK_URL);
  assertScrubbed(seen);
});

test('row 37: the system opener (the open package, xdg-open) gets no OAUTH_LOGIN_* secret or token either', async () => {
  // No $BROWSER, a display, and a stand-in xdg-open first on PATH that runs the hook.
  const seen = await browserEnvironment({ ...s.hook.systemEnv, BROWSER: undefined, DISPLAY: ':99' });
  assert.equal(seen.DISPLAY, ':99');
  assertScrubbed(seen);
});
