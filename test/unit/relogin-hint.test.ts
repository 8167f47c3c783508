// The "Run: oauth-login login …" of a login that needs a new sign-in goes where the stored login was made: a preset
// or config entry's own issuer wins over a stored one (providers/resolve.ts), so a self-hosted GitLab's hint carries
// --issuer, a GitHub Enterprise Server's --host; a bare name takes its stored issuer by itself.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative as relativePath } from 'node:path';
import { test } from 'node:test';
import { runStatus } from '../../src/commands/status.js';
import { needsLogin } from '../../src/errors.js';
import { runToken } from '../../src/commands/token.js';
import { configArg } from '../../src/logins/not-stored.js';
import { shellQuote } from '../../src/shell-quote.js';
import { reloginArgs } from '../../src/logins/relogin-hint.js';
import { validTokens } from '../../src/logins/valid-tokens.js';
import { fakeOpPerFile, personLogin, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';
import { tempDir } from '../support/tmp.js';

const s = fakeOpPerFile();

test('a preset signed in at another issuer (self-hosted GitLab) names it; at its own issuer nothing is added', () => {
  const env = { XDG_CONFIG_HOME: tempDir('relogin-hint-') };
  const corp = personLogin(s.op, { provider: 'gitlab', issuer: 'https://gitlab.corp.example' });
  assert.equal(reloginArgs(corp, { env }), " --issuer 'https://gitlab.corp.example'");
  assert.equal(reloginArgs(personLogin(s.op, { provider: 'gitlab', issuer: 'https://gitlab.com/' }), { env }), '');
  assert.equal(
    reloginArgs(personLogin(s.op, { provider: 'fake' }), { env }),
    '',
    'a bare name: the stored issuer serves',
  );
});

test('a config entry with its own issuer is treated like a preset; GitHub Enterprise Server carries --host', () => {
  const home = tempDir('relogin-hint-');
  mkdirSync(join(home, 'oauth-login'));
  const corp = { issuer: 'https://idp.corp.example', client_id: 'abc' };
  writeFileSync(join(home, 'oauth-login', 'config.json'), JSON.stringify({ providers: { corp } }));
  const env = { XDG_CONFIG_HOME: home };
  const moved = personLogin(s.op, { provider: 'corp', issuer: 'https://idp2.corp.example' });
  assert.equal(reloginArgs(moved, { env }), " --issuer 'https://idp2.corp.example'");
  const ghe = personLogin(s.op, { provider: 'github', issuer: undefined, host: 'ghe.corp.example' });
  assert.equal(reloginArgs(ghe, { env }), " --host 'ghe.corp.example'");
});

test('a refused refresh of a GitHub Enterprise Server login: token and status both say to sign in on that host', async (t) => {
  const box = sandbox(t);
  const ghe = personLogin(s.op, { provider: 'github', issuer: undefined, host: 'ghe.corp.example' });
  const login = await seed(box.logins, ghe, tokens(-60, { refresh_token: 'rt' }));
  s.op.reset({ token: { status: 400, body: '{"error":"invalid_grant"}' } });
  await assert.rejects(validTokens(box.logins, login, 60, AbortSignal.timeout(10_000)), {
    code: 'needs_login',
    hint: "Run: oauth-login login github --host 'ghe.corp.example'",
  });
  const io = recordingIo(box.env);
  await runStatus({}, io);
  assert.match(io.stderrText(), /Run: oauth-login login github --host 'ghe\.corp\.example' --force/);
});

test('hints print a provider name bare when no shell reads anything in it, else quoted (a URL login with & or [::1])', () => {
  assert.equal(needsLogin({ provider: 'github', account: 'ada' }, 'x').hint, 'Run: oauth-login login github');
  assert.equal(
    needsLogin({ provider: 'https://mcp.example/a&b', account: 'ada' }, 'x').hint,
    "Run: oauth-login login 'https://mcp.example/a&b'",
  );
  assert.equal(
    needsLogin({ provider: 'http://[::1]:8080/mcp', account: 'ada' }, 'x').hint,
    "Run: oauth-login login 'http://[::1]:8080/mcp'",
  );
});

test('`token --config FILE`: the hint to sign in passes the same config back, absolute and shell-quoted', async (t) => {
  const box = sandbox(t);
  const dir = tempDir("relogin-hint-it's ");
  const config = join(dir, 'ci.json');
  writeFileSync(config, JSON.stringify({ providers: {} }));
  await assert.rejects(runToken('fake', { minTtl: 0, format: 'raw', config }, recordingIo(box.env)), {
    code: 'needs_login',
    hint: `Run: oauth-login login fake --config ${shellQuote(config)}`,
  });
  await seed(box.logins, personLogin(s.op, { provider: 'fake' }), tokens(-60, { refresh_token: 'rt' }));
  s.op.reset({ token: { status: 400, body: '{"error":"invalid_grant"}' } });
  await assert.rejects(runToken('fake', { minTtl: 0, format: 'raw', config }, recordingIo(box.env)), {
    code: 'needs_login',
    message: /no longer accepts the refresh token/,
    hint: `Run: oauth-login login fake --config ${shellQuote(config)}`,
  });
  const relative = relativePath(process.cwd(), config);
  assert.equal(configArg(relative), ` --config ${shellQuote(config)}`, 'a relative path is made absolute');
});

test("a person's login that is not the provider's default is named with --account in its needs-login hint", async (t) => {
  const box = sandbox(t);
  const work = await seed(box.logins, personLogin(s.op, { account: 'work' }), tokens(-60));
  await seed(box.logins, personLogin(s.op, { account: 'ada' }), tokens(3600)); // the default now
  await assert.rejects(validTokens(box.logins, work, 60, AbortSignal.timeout(10_000)), {
    code: 'needs_login',
    hint: 'Run: oauth-login login fake --account work',
  });
  const io = recordingIo(box.env);
  await runStatus({}, io);
  assert.match(io.stderrText(), /Run: oauth-login login fake --account work --force$/m, 'status names it once');
});
