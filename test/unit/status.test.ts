// How `status` derives each login's state (README): valid, expired (renewable), needs-login, unreadable; exit 0
// only when every login is usable; one broken login never hides or spoils the others.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { runStatus } from '../../src/commands/status.js';
import { ExitCode } from '../../src/errors.js';
import { loginKey, type StoredLogin } from '../../src/logins/types.js';
import { validTokens } from '../../src/logins/valid-tokens.js';
import { FileStore } from '../../src/store/file.js';
import { fakeOpPerFile, machineLogin, personLogin, type Sandbox, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';

const s = fakeOpPerFile();

interface Row {
  provider: string;
  account: string;
  default: boolean;
  state: string;
  refreshable: boolean;
  detail?: string;
  name?: string;
  expires_at: string | null;
}

async function status(box: Sandbox) {
  const json = recordingIo(box.env);
  const code = await runStatus({ json: true }, json);
  const text = recordingIo(box.env);
  assert.equal(await runStatus({}, text), code, 'the same exit code with and without --json');
  const rows: Row[] = JSON.parse(json.stdout.join(''));
  return { code, rows, text: text.stdout.join('\n'), said: text.stderrText() };
}

const stateOf = (rows: Row[], account: string) => rows.find((r) => r.account === account)?.state;
const secretPath = (box: Sandbox, login: StoredLogin) => new FileStore(box.logins.dir).pathOf(loginKey(login));

test('no stored logins: exit 4 (so `status && deploy` stops), the message on stderr, stdout empty or []', async (t) => {
  const { code, rows, text, said } = await status(sandbox(t));
  assert.equal(code, ExitCode.needsLogin);
  assert.deepEqual(rows, []);
  assert.equal(text, '');
  assert.equal(said, 'No stored logins.');
});

test('valid and expired-with-refresh-token are usable: exit 0; JSON rows name the default and the state', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op, { account: 'ada' }), tokens(-60, { refresh_token: 'rt' }));
  await seed(box.logins, personLogin(s.op, { account: 'bob' }), tokens(3600));
  await seed(box.logins, machineLogin(s.op), tokens(-60), 'secret');
  const { code, rows, text } = await status(box);
  assert.equal(code, ExitCode.ok);
  assert.deepEqual(
    rows.map((r) => [r.account, r.default, r.state, r.refreshable]),
    [
      ['ada', false, 'expired', true],
      ['bob', false, 'valid', false],
      ['hostile-client', true, 'expired', true], // a machine login re-mints: no refresh token needed
    ],
  );
  assert.equal(rows[0]?.detail, 'refreshed on next use');
  assert.equal(rows[0]?.name, 'Ada Lovelace');
  assert.match(rows[1]?.expires_at ?? '', /^\d{4}-\d\d-\d\dT/);
  const [header, ...lines] = text.split('\n');
  assert.match(header ?? '', /^PROVIDER +ACCOUNT +DEFAULT +WHO +EXPIRES +REFRESH +STATE$/);
  assert.match(lines[0] ?? '', /^fake +ada +Ada Lovelace <ada@example\.test> +1 min ago +yes +expired$/);
  assert.match(lines[1] ?? '', /^fake +bob +Ada Lovelace <ada@example\.test> +in (59 min|1 h) +no +valid$/);
  assert.match(lines[2] ?? '', /^fake +hostile-client +yes +- +1 min ago +yes +expired$/);
  const column = (line: string | undefined) => line?.indexOf('EXPIRES') ?? -1;
  assert.equal(lines[0]?.search(/1 min ago/), column(header), 'columns line up under the header');
  assert.equal(s.op.count('token'), 0, 'status renews nothing');
});

test('expired without a refresh token is needs-login: exit 4', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(-60));
  const { code, rows, said } = await status(box);
  assert.equal(code, ExitCode.needsLogin);
  assert.equal(stateOf(rows, 'ada'), 'needs-login');
  assert.match(said, /fake \(ada\) needs a new login\. Run: oauth-login login fake --force/);
});

test('a missing or damaged secret is needs-login for its own row only', async (t) => {
  const box = sandbox(t);
  const ada = await seed(box.logins, personLogin(s.op, { account: 'ada' }), tokens(3600));
  const bob = await seed(box.logins, personLogin(s.op, { account: 'bob' }), tokens(3600));
  await seed(box.logins, personLogin(s.op, { account: 'eve' }), tokens(3600));
  await new FileStore(box.logins.dir).delete(loginKey(ada));
  writeFileSync(secretPath(box, bob), '{"tokens": not json', { mode: 0o600 });
  const { code, rows } = await status(box);
  assert.equal(code, ExitCode.needsLogin);
  assert.deepEqual(
    rows.map((r) => [r.account, r.state, r.detail]),
    [
      ['ada', 'needs-login', 'stored tokens missing or damaged'],
      ['bob', 'needs-login', 'stored tokens missing or damaged'],
      ['eve', 'valid', undefined],
    ],
  );
});

test('a store that throws (a secret others can read) is unreadable, with the reason, and the rest is shown', async (t) => {
  const box = sandbox(t);
  const ada = await seed(box.logins, personLogin(s.op, { account: 'ada' }), tokens(3600));
  await seed(box.logins, personLogin(s.op, { account: 'bob' }), tokens(3600));
  chmodSync(secretPath(box, ada), 0o644);
  const { code, rows, text, said } = await status(box);
  assert.equal(code, ExitCode.needsLogin);
  assert.equal(stateOf(rows, 'ada'), 'unreadable');
  assert.match(rows[0]?.detail ?? '', /can be accessed by other users \(mode 644\)/);
  assert.equal(stateOf(rows, 'bob'), 'valid');
  assert.match(text, /^fake +ada +Ada Lovelace <ada@example\.test> +in (59 min|1 h) +no +unreadable$/m);
  assert.match(said, /^fake \(ada\) cannot be read: Refusing to use /m);
});

test('an index entry this version cannot read does not hide or spoil the other logins', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op, { account: 'bob' }), tokens(3600));
  const path = `${box.logins.dir}/index.json`;
  const index = JSON.parse(readFileSync(path, 'utf8'));
  index.logins['fake:ada'] = { provider: 'fake', account: 'ada', store: 'file' }; // no client id, no profile
  writeFileSync(path, JSON.stringify(index), { mode: 0o600 });
  const { rows } = await status(box);
  assert.equal(stateOf(rows, 'bob'), 'valid');
});

test('after the provider refuses a refresh token, status says needs-login (exit 4) until a refresh succeeds', async (t) => {
  const box = sandbox(t);
  const login = await seed(box.logins, personLogin(s.op, { account: 'ada' }), tokens(-60, { refresh_token: 'rt' }));
  assert.equal((await status(box)).code, ExitCode.ok, 'expired with a refresh token: usable');
  s.op.reset({ token: { status: 400, body: '{"error":"invalid_grant"}' } });
  await assert.rejects(validTokens(box.logins, login, 60, AbortSignal.timeout(10_000)), { code: 'needs_login' });
  const refused = await status(box);
  assert.equal(refused.code, ExitCode.needsLogin);
  assert.deepEqual(
    refused.rows.map((r) => [r.state, r.refreshable, r.detail]),
    [['needs-login', false, 'the provider refused its refresh token']],
  );
  assert.match(refused.said, /ada\) needs a new login\. Run: oauth-login login fake --force/);
  // The provider accepts it again (a transient refusal): the refresh clears the mark.
  s.op.reset();
  await validTokens(box.logins, login, 60, AbortSignal.timeout(10_000));
  assert.deepEqual(
    (await status(box)).rows.map((r) => r.state),
    ['valid'],
  );
});
