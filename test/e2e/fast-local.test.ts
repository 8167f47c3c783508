// `--help`, `providers` and `status` are answered by dist/fast-local.cjs (src/fast-local.ts) without the full CLI.
// Each case here runs the built CLI twice, through bin/ (the fast answer) and as dist/cli.js alone (the full CLI), and
// requires the same stdout, stderr and exit code, byte for byte, so that the two can never drift apart. Under
// NODE_DEBUG=esm the full CLI names dist/cli.js as it loads it: that tells which of them answered.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { TokenSet } from '../../src/flows/types.js';
import { openLogins, saveLogin } from '../../src/logins/service.js';
import type { PersonLogin } from '../../src/logins/types.js';
import { BIN } from '../support/cli.js';
import { keyringEnv } from '../support/e2e.js';
import { tempDir } from '../support/tmp.js';

const FULL = resolve('dist/cli.js');
const shellQuote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

function home(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = tempDir('oauth-login-fast-local-');
  return { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), ...extra };
}

/** One run: through bin/ or the full CLI alone; on a pipe, or on a terminal `columns` wide (stdout and stderr merged). */
function run(file: string, args: string[], env: NodeJS.ProcessEnv, columns?: number) {
  const argv = [process.execPath, file, ...args].map(shellQuote).join(' ');
  const r =
    columns === undefined
      ? spawnSync(process.execPath, [file, ...args], { env, encoding: 'utf8' })
      : spawnSync('script', ['-qfec', `stty cols ${columns}; exec ${argv}`, '/dev/null'], { env, encoding: 'utf8' });
  assert.equal(r.error, undefined, `${file} ${args.join(' ')} could not run (script is util-linux's)`);
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** The fast answer equals the full CLI's; returns it, for the case to check it is the answer it means. */
function same(args: string[], env: NodeJS.ProcessEnv, columns?: number) {
  const fast = run(BIN, args, env, columns);
  const full = run(FULL, args, env, columns);
  assert.deepEqual(fast, full, `oauth-login ${args.join(' ')}${columns ? ` at ${columns} columns` : ''}`);
  const debug = { ...env, NODE_DEBUG: 'esm' };
  const answeredBy = run(BIN, args, debug, columns).stderr.includes(FULL) ? 'full CLI' : 'fast path';
  assert.equal(answeredBy, 'fast path', `oauth-login ${args.join(' ')} was answered by the fast path`);
  return fast;
}

// A terminal chalk colours for: without TERM it would turn colour off, and coloured lines would never be compared.
const COLOUR = { TERM: 'xterm-256color' };

/** Colour was on: the answer holds an escape sequence. */
function coloured(r: { stdout: string }) {
  assert.ok(r.stdout.includes('\x1b['), `colour is on: ${JSON.stringify(r.stdout)}`);
  return r;
}

const tokens = (ttlS: number): TokenSet => ({
  access_token: `at-${Math.random().toString(36).slice(2)}`,
  token_type: 'bearer',
  expires_at: Math.floor(Date.now() / 1000) + ttlS,
});

// Expiry times half way between the units status shows (days, minutes): the same text in both runs of a case.
async function seed(env: NodeJS.ProcessEnv, account: string, store: 'file' | 'keychain', set: TokenSet) {
  const logins = openLogins(env);
  const login: PersonLogin = {
    kind: 'person',
    flow: 'auth-code',
    provider: 'demo',
    account,
    store,
    client_id: 'demo-cli',
    issuer: 'http://127.0.0.1:5055',
    token_endpoint: 'http://127.0.0.1:5055/token',
    updated_at: new Date().toISOString(),
    scope: 'openid profile',
    profile: { id: account, name: `${account} Lovelace`, email: `${account}@example.test`, username: account },
    expires_at: set.expires_at,
  };
  await saveLogin(logins, logins.store(store), login, { tokens: set });
}

test('--help and -h: the full CLI’s text on a pipe and on terminals 80, 100 and 120 columns wide', () => {
  const env = home({ NO_COLOR: '1' });
  for (const flag of ['--help', '-h']) assert.match(same([flag], env).stdout, /^Usage: oauth-login <command>/);
  for (const columns of [80, 100, 120]) assert.match(same(['--help'], home(COLOUR), columns).stdout, /Commands:/);
});

test('the help texts are in dist/fast-local.cjs only: dist/fast.cjs (token, --version) carries none', () => {
  assert.match(readFileSync('dist/fast-local.cjs', 'utf8'), /Usage: oauth-login <command>/);
  const fast = readFileSync('dist/fast.cjs', 'utf8');
  assert.ok(!fast.includes('Usage: oauth-login') && !fast.includes('define_HELP'), 'no __HELP__ in dist/fast.cjs');
});

test('providers and providers --json: the presets, and with a config file its entries too', () => {
  const env = home({ NO_COLOR: '1' });
  assert.match(same(['providers'], env).stdout, /^google +oidc +Google\n/);
  assert.equal(JSON.parse(same(['providers', '--json'], env).stdout)[0].name, 'google');
  mkdirSync(join(env.XDG_CONFIG_HOME as string, 'oauth-login'), { recursive: true });
  const config = { providers: { corp: { issuer: 'https://idp.corp.test', client_id: 'cli', title: 'Corp' } } };
  writeFileSync(join(env.XDG_CONFIG_HOME as string, 'oauth-login', 'config.json'), JSON.stringify(config));
  assert.match(same(['providers'], env).stdout, /\ncorp +oidc +Corp \(config\)\n/);
  assert.match(same(['providers', '--json'], env).stdout, /"name":"corp"/);
});

test('a damaged config file is the same error, on stderr, with the same exit code', () => {
  const env = home({ NO_COLOR: '1' });
  mkdirSync(join(env.XDG_CONFIG_HOME as string, 'oauth-login'), { recursive: true });
  writeFileSync(join(env.XDG_CONFIG_HOME as string, 'oauth-login', 'config.json'), '{ not json');
  const r = same(['providers'], env);
  assert.ok(r.code !== 0 && r.stdout === '' && /config/i.test(r.stderr), JSON.stringify(r));
});

test('status with no logins: exit 4 and the same message, on a pipe and on a terminal (colour on)', () => {
  const r = same(['status'], home({ NO_COLOR: '1' }));
  assert.ok(r.code === 4 && /No stored logins/.test(r.stderr), JSON.stringify(r));
  assert.equal(same(['status', '--json'], home()).stdout, '[]\n');
  assert.match(coloured(same(['status'], home(COLOUR), 100)).stdout, /No stored logins/);
});

test('status of logins in the file store and the keychain, one needing a new login: table, JSON, hints', async () => {
  const env = home({ NO_COLOR: '1', ...keyringEnv() });
  await seed(env, `ada-${process.pid}`, 'file', tokens(3.5 * 86_400));
  await seed(env, `grace-${process.pid}`, 'keychain', tokens(5.5 * 86_400));
  const usable = same(['status'], env);
  assert.ok(usable.code === 0 && /grace-\d+ +yes +.* in 5 days +no +valid/.test(usable.stdout), JSON.stringify(usable));
  assert.equal(JSON.parse(same(['status', '--json'], env).stdout).length, 2);
  await seed(env, `old-${process.pid}`, 'file', tokens(-1830));
  const stale = same(['status'], env);
  assert.ok(stale.code === 4 && /old-\d+\) needs a new login/.test(stale.stderr), JSON.stringify(stale));
  assert.match(coloured(same(['status'], { ...env, ...COLOUR, NO_COLOR: undefined }, 100)).stdout, /needs a new login/);
  const logins = openLogins(env);
  await logins.store('keychain').delete(`demo:grace-${process.pid}`);
});
