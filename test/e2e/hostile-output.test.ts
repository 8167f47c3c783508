// What the CLI prints from a hostile provider, as a shell or a terminal takes it (test/HOSTILE.md, row 36 and 31).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { BIN, runCli } from '../support/cli.js';
import { authorize, type Plan, startLogin, visit } from '../support/fake-op.js';
import { hostileSetup } from '../support/hostile.js';
import { runInShell, SHELLS } from '../support/shells.js';
import { tempDir } from '../support/tmp.js';

const s = hostileSetup();

/** A login through the honest callback against `plan`, with the file store; returns the CLI's result. */
async function loginAgainst(plan: Plan, extra: string[] = []) {
  s.op.reset(plan);
  const login = await startLogin(s.op, s.hook, extra);
  await visit(await authorize(login.url));
  const result = await login.run.done;
  assert.equal(result.code, 0, result.stderr);
  return { ...result, dataHome: login.dataHome };
}

// The token of the review (issue 11, item 1): printed bare, `eval` ran `touch PWNED`.
const REVIEWED = `ok;touch\${IFS}PWNED;x=\`true\``;
// Quotes of both kinds as well, so the `'\''` escape is exercised through the real CLI.
const QUOTED = `'$(touch\${IFS}PWNED)'\`touch\${IFS}PWNED\`"'`;
// dist/fast.cjs alone, as bin/oauth-login.js runs it; exit 99 when it hands the command to the full CLI.
const FAST = `require(${JSON.stringify(resolve('dist/fast.cjs'))}).run(process.argv.slice(1)).then((c) => process.exit(c ?? 99))`;
const EVAL = 'eval "$("$@")"; printf %s "$OAUTH_LOGIN_ACCESS_TOKEN"';

test('row 36: eval of token --format env in bash and dash gives the exact token and runs nothing (fast path, then a refresh)', async () => {
  const { dataHome } = await loginAgainst({ token: { fields: { access_token: REVIEWED } } });
  const env = {
    HOME: tempDir('oauth-login-home-'),
    XDG_DATA_HOME: dataHome,
    OAUTH_LOGIN_STORE: 'file',
    NO_COLOR: '1',
  };
  for (const shell of SHELLS) {
    const fast = await runInShell(shell, EVAL, [process.execPath, '-e', FAST, 'token', 'fake', '--format', 'env'], env);
    assert.deepEqual(fast, { stdout: REVIEWED, created: [] }, `${shell}, fast path`);
  }

  // Not fresh for --min-ttl 86400: fast.cjs declines, the full CLI refreshes (one token request per run).
  s.op.plan.token = { body: JSON.stringify({ access_token: QUOTED, token_type: 'Bearer', expires_in: 3600 }) };
  for (const shell of SHELLS) {
    const before = s.op.count('token');
    const args = [process.execPath, BIN, 'token', 'fake', '--format', 'env', '--min-ttl', '86400'];
    const full = await runInShell(shell, EVAL, args, env);
    assert.deepEqual(full, { stdout: QUOTED, created: [] }, `${shell}, full CLI`);
    assert.equal(s.op.count('token'), before + 1, 'the full CLI refreshed');
  }
});

// A profile name with an OSC title (U+009D … U+009C), a CSI colour (U+009B), a right-to-left override and an isolate.
const HOSTILE_NAME = '\u009d0;pwned\u009c\u009b31mAda\u202eecalevol\u2066x\u2069\u2028y';
const RAW_CONTROLS = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// What terminalSafe keeps off stderr (it leaves U+2028, which terminals do not interpret).
const TERMINAL_CONTROLS = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('row 38: login, whoami and status --json escape C1 and bidi controls from a profile; JSON.parse gives them back', async () => {
  const plan: Plan = { userinfo: { fields: { name: HOSTILE_NAME, locale: HOSTILE_NAME } } };
  const login = await loginAgainst(plan, ['--json']);
  const env = { OAUTH_LOGIN_STORE: 'file', XDG_DATA_HOME: login.dataHome };
  const whoami = await runCli(['whoami', 'fake', '--json'], env).done;
  const status = await runCli(['status', '--json'], env).done;
  for (const [what, run] of [
    ['login', login],
    ['whoami', whoami],
    ['status', status],
  ] as const) {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      RAW_CONTROLS.test(run.stdout),
      false,
      `${what} --json printed a raw control: ${JSON.stringify(run.stdout)}`,
    );
    assert.equal(TERMINAL_CONTROLS.test(run.stderr), false, `${what} stderr`);
    assert.match(run.stdout, /\\u009d0;pwned\\u009c\\u009b31mAda\\u202e/);
  }
  assert.equal(JSON.parse(login.stdout).profile.name, HOSTILE_NAME);
  assert.equal(JSON.parse(login.stdout).profile.raw.locale, HOSTILE_NAME);
  assert.equal(JSON.parse(whoami.stdout).profile.name, HOSTILE_NAME);
  assert.equal(JSON.parse(status.stdout)[0].name, HOSTILE_NAME);
});
