import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRequire } from 'node:module';
import { KeychainStore, probeKeychain } from '../../src/store/keychain.js';
import { readSecretItem } from '../../src/store/secret-reader.js';
import { collect } from '../support/process.js';
import { tempDir } from '../support/tmp.js';

// Runs against a real Secret Service: `dbus-run-session -- bash scripts/with-keyring.sh node --import tsx --test
// test/e2e/keychain.test.ts`. Without one it fails, naming what is missing: a skipped keychain test proves nothing.

const KEYCHAIN_TS = new URL('../../src/store/keychain.ts', import.meta.url).href;
const run = `e2e-${process.pid}-${Date.now()}`;
const key = (name: string) => `${run}:${name}`;
const scratch = tempDir('keychain-e2e-');
const servers: Server[] = [];

function tool(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    assert.fail(e.code === 'ENOENT' ? `${cmd} is not installed` : `${cmd} ${args.join(' ')} failed: ${e.stderr}`);
  }
}

before(async () => {
  assert.ok(
    process.env.DBUS_SESSION_BUS_ADDRESS,
    'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): run under `dbus-run-session -- bash scripts/with-keyring.sh`',
  );
  const probe = await probeKeychain();
  assert.ok(probe.ok, `no usable Secret Service (${probe.ok || probe.reason}): scripts/with-keyring.sh starts one`);
});

after(() => {
  for (const server of servers) server.close();
});

interface Outcome {
  ok: boolean;
  value?: string | null;
  code?: string;
  message?: string;
  hint?: string;
  /** Time of the store call itself, measured in the child. */
  ms: number;
  killed: boolean;
}

/** The store's own timeout (3 s) in the children below, unless a test needs a longer one. */
const STORE_TIMEOUT_MS = 3000;
/**
 * For calls that must not wait on any timer (a fast failure, a healthy read): the store gets this timeout, so a call
 * that wrongly waited for it would take at least this long, and must finish in under WITHOUT_WAITING_MS. Real answers
 * take 5–120 ms here, so the bound has a wide margin on a busy machine and still tells "at once" from "timed out".
 */
const LONG_TIMEOUT_MS = 20_000;
const WITHOUT_WAITING_MS = LONG_TIMEOUT_MS / 2;
/** A call that timed out must have done so at its 3 s, give or take this much (start-up noise, a busy machine). */
const TIMEOUT_MARGIN_MS = 5000;

/**
 * One store call in a fresh process with its own environment, killed 10 s after the store's timeout would have fired,
 * so a hang fails instead of hanging.
 */
async function inChild(
  op: 'get' | 'set' | 'delete',
  name: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = STORE_TIMEOUT_MS,
): Promise<Outcome> {
  const script = `
    const { KeychainStore } = await import(${JSON.stringify(KEYCHAIN_TS)});
    const store = new KeychainStore({ timeoutMs: ${timeoutMs} });
    const started = performance.now();
    const out = (o) => process.stdout.write(JSON.stringify({ ...o, ms: performance.now() - started }));
    try { out({ ok: true, value: (await store[${JSON.stringify(op)}](${JSON.stringify(key(name))}, 'v')) ?? null }); }
    catch (e) { out({ ok: false, code: e.code, message: e.message, hint: e.hint }); }
    process.exit(0); // must not hang either: Node waits for stuck native threads at exit`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env });
  const hangAfterMs = timeoutMs + 10_000;
  const killer = setTimeout(() => child.kill('SIGKILL'), hangAfterMs);
  const { signal, stdout, stderr } = await collect(child).done;
  clearTimeout(killer);
  if (signal === 'SIGKILL') return { ok: false, ms: hangAfterMs, killed: true };
  if (!stdout) throw new Error(`the child printed nothing: ${stderr}`);
  return { ...JSON.parse(stdout), killed: false };
}

function envWith(address: string | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (address === undefined) delete env.DBUS_SESSION_BUS_ADDRESS;
  else env.DBUS_SESSION_BUS_ADDRESS = address;
  return env;
}

/** `withinMs`: [at least, at most] how long the failing call took, measured in the child. */
function assertFailure(o: Outcome, code: string, reason: RegExp, withinMs: [number, number]): void {
  assert.equal(o.killed, false, 'the store call hung and the child had to be killed');
  assert.equal(o.code, code, JSON.stringify(o));
  assert.match(String(o.message), reason);
  assert.ok(o.hint, 'every failure says what to do next');
  assert.ok(o.ms >= withinMs[0] && o.ms <= withinMs[1], `failed after ${Math.round(o.ms)} ms, expected ${withinMs}`);
}

/** Failed without waiting on its (long) timeout. */
const AT_ONCE: [number, number] = [0, WITHOUT_WAITING_MS];
/** Failed when its 3 s timeout fired: not before, and long before the child would be killed as hung. */
const AT_THE_TIMEOUT: [number, number] = [STORE_TIMEOUT_MS - 100, STORE_TIMEOUT_MS + TIMEOUT_MARGIN_MS];

test('set / get / overwrite / delete round trip, stored in the Secret Service itself', async (t) => {
  const store = new KeychainStore();
  const value = JSON.stringify({ access_token: 'tok-ü-✓', refresh_token: 'r'.repeat(2000) });
  let started = performance.now();
  assert.equal(await store.get(key('octocat')), undefined);
  const first = performance.now() - started;
  await store.set(key('octocat'), value);
  assert.equal(tool('secret-tool', ['lookup', 'service', 'oauth-login', 'username', key('octocat')]), value);
  const gets: number[] = [];
  for (let i = 0; i < 20; i++) {
    started = performance.now();
    assert.equal(await store.get(key('octocat')), value);
    gets.push(performance.now() - started);
  }
  await store.set(key('octocat'), 'second');
  assert.equal(await store.get(key('octocat')), 'second');
  assert.equal(await store.delete(key('octocat')), true);
  assert.equal(await store.get(key('octocat')), undefined);
  assert.equal(await store.delete(key('octocat')), false);
  gets.sort((a, b) => a - b);
  t.diagnostic(`first call (probe + entry): ${first.toFixed(1)} ms; warm get median ${gets[10]?.toFixed(2)} ms`);
});

test('a fresh process reads a stored value (probe + entry + get) without waiting on any timer', async (t) => {
  await new KeychainStore().set(key('fresh'), 'stored');
  const o = await inChild('get', 'fresh', process.env, LONG_TIMEOUT_MS);
  assert.equal(o.value, 'stored', JSON.stringify(o));
  await new KeychainStore().delete(key('fresh'));
  assert.ok(o.ms < WITHOUT_WAITING_MS, `${o.ms} ms, with a ${LONG_TIMEOUT_MS} ms store timeout`);
  t.diagnostic(`cold get in a new process: ${o.ms.toFixed(1)} ms`);
});

test('where the pipe handle is not taken (--pending-deprecation), node:net reads the same item', async () => {
  await new KeychainStore().set(key('net'), 'stored');
  try {
    for (const env of [{ NODE_OPTIONS: '--pending-deprecation' }, { NODE_PENDING_DEPRECATION: '1' }]) {
      const o = await inChild('get', 'net', { ...process.env, ...env }, LONG_TIMEOUT_MS);
      assert.equal(o.value, 'stored', `${JSON.stringify(env)}: ${JSON.stringify(o)}`);
    }
  } finally {
    await new KeychainStore().delete(key('net'));
  }
});

test('an item the native binding wrote is read over the bus byte for byte, found by its attributes', async () => {
  const { AsyncEntry } = createRequire(import.meta.url)('@napi-rs/keyring') as typeof import('@napi-rs/keyring');
  const entry = new AsyncEntry('oauth-login', key('binding'), { linux: { store: 'secret-service' } });
  // Multi-byte UTF-8, a quote, a backslash, a NUL-free control character and more than one socket read's worth.
  const value = `{"tokens":{"access_token":"ü✓\\"\\\\\t${'x'.repeat(70_000)}"}}`;
  await entry.setPassword(value);
  try {
    const read = await readSecretItem(process.env, LONG_TIMEOUT_MS, {
      service: 'oauth-login',
      username: key('binding'),
    });
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.value, value);
    assert.equal(await entry.getPassword(), read.value, 'the binding reads the same');
    // The attributes the binding writes are the ones the reader searches by: libsecret finds the item by them too.
    assert.equal(tool('secret-tool', ['lookup', 'service', 'oauth-login', 'username', key('binding')]), value);
  } finally {
    await entry.deleteCredential();
  }
  const gone = await readSecretItem(process.env, LONG_TIMEOUT_MS, { service: 'oauth-login', username: key('binding') });
  assert.deepEqual(gone, { ok: true, value: undefined });
});

test('no session bus: fails at once, naming DBUS_SESSION_BUS_ADDRESS', async () => {
  const o = await inChild('get', 'x', envWith(undefined), LONG_TIMEOUT_MS);
  assertFailure(o, 'keychain_unavailable', /no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set\)/, AT_ONCE);
});

test('a session bus with no Secret Service on it: fails at once, naming org.freedesktop.secrets', async () => {
  const config = join(scratch, 'bus.conf');
  // The policy of Debian's session.conf, without its <servicedir>: nothing can be activated on this bus.
  writeFileSync(
    config,
    `<busconfig><type>session</type><listen>unix:tmpdir=${scratch}</listen><auth>EXTERNAL</auth>
     <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
     <allow own="*"/></policy></busconfig>`,
  );
  // Prints the address, then the pid, one a line.
  const [address, pid] = tool('dbus-daemon', ['--config-file', config, '--fork', '--print-address=1', '--print-pid=1'])
    .trim()
    .split('\n');
  try {
    const o = await inChild('get', 'x', envWith(address), LONG_TIMEOUT_MS);
    assertFailure(o, 'keychain_unavailable', /no Secret Service \(org\.freedesktop\.secrets\)/, AT_ONCE);
  } finally {
    process.kill(Number(pid));
  }
});

async function silentBus(answerAuth: boolean): Promise<string> {
  const path = join(scratch, `silent-${answerAuth}.sock`);
  const server = createServer((socket) => {
    socket.on('data', (chunk) => {
      if (answerAuth && chunk.includes('AUTH')) socket.write('OK 0123456789abcdef0123456789abcdef\r\n');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return `unix:path=${path}`;
}

test('a bus socket that accepts and never answers: fails within about 3 s, no hang', async () => {
  const o = await inChild('get', 'x', envWith(await silentBus(false)));
  assertFailure(o, 'keychain_timeout', /the D-Bus session bus did not answer within 3 s/, AT_THE_TIMEOUT);
});

test('a bus that authenticates and then ignores Hello: fails within about 3 s, no hang', async () => {
  const o = await inChild('set', 'x', envWith(await silentBus(true)));
  assertFailure(o, 'keychain_timeout', /did not answer within 3 s/, AT_THE_TIMEOUT);
});

test('a stopped keyring daemon (SIGSTOP): fails within about 3 s, naming the Secret Service', async () => {
  const owner = tool('gdbus', [
    'call',
    '--session',
    '--dest=org.freedesktop.DBus',
    '--object-path=/org/freedesktop/DBus',
    '--method=org.freedesktop.DBus.GetConnectionUnixProcessID',
    'org.freedesktop.secrets',
  ]);
  const pid = Number(/uint32 (\d+)/.exec(owner)?.[1]);
  process.kill(pid, 'SIGSTOP');
  try {
    const o = await inChild('get', 'x', process.env);
    assertFailure(
      o,
      'keychain_timeout',
      /Secret Service \(org\.freedesktop\.secrets\) did not answer within 3 s/,
      AT_THE_TIMEOUT,
    );
  } finally {
    process.kill(pid, 'SIGCONT');
  }
});

/**
 * Locking needs no prompt but unlocking does, and headless there is none: the locked cases run in a child with its
 * own dbus-run-session and gnome-keyring (scripts/with-keyring.sh), so the keyring of this session stays unlocked.
 */
let lockedRun: Promise<Record<string, Outcome>> | undefined;
function lockedKeyring(): Promise<Record<string, Outcome>> {
  const script = `
    const { KeychainStore } = await import(${JSON.stringify(KEYCHAIN_TS)});
    const { execFileSync } = await import('node:child_process');
    const attempt = async (fn) => {
      const started = performance.now();
      try { return { ok: true, value: (await fn()) ?? null, ms: performance.now() - started }; }
      catch (e) { return { ok: false, code: e.code, message: e.message, hint: e.hint, ms: performance.now() - started }; }
    };
    const store = new KeychainStore({ timeoutMs: ${LONG_TIMEOUT_MS} });
    await store.set('k:locked', 'secret-before-lock');
    execFileSync('gdbus', ['call', '--session', '--dest=org.freedesktop.secrets', '--object-path=/org/freedesktop/secrets',
      '--method=org.freedesktop.Secret.Service.Lock', "['/org/freedesktop/secrets/collection/login']"]);
    const results = { afterProbe: await attempt(() => store.get('k:locked')) };
    for (const [name, op, key] of [['get stored', 'get', 'k:locked'], ['get absent', 'get', 'k:never-stored'],
        ['set', 'set', 'k:locked'], ['delete', 'delete', 'k:locked']]) {
      results[name] = await attempt(() => new KeychainStore({ timeoutMs: ${LONG_TIMEOUT_MS} })[op](key, 'v'));
    }
    process.stdout.write(JSON.stringify(results));
    process.exit(0);`;
  const withKeyring = new URL('../../scripts/with-keyring.sh', import.meta.url).pathname;
  const args = ['--', 'bash', withKeyring, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  lockedRun ??= (async () => {
    const child = spawn('dbus-run-session', args, { cwd: new URL('../..', import.meta.url).pathname });
    const spawnError = new Promise<never>((_, reject) =>
      child.on('error', (err) => reject(new Error(`dbus-run-session cannot run: ${err.message}`))),
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), 6 * LONG_TIMEOUT_MS); // five calls, one probe
    const { code, stdout, stderr } = await Promise.race([collect(child).done, spawnError]);
    clearTimeout(killer);
    if (code === 0 && stdout) return JSON.parse(stdout);
    throw new Error(`the locked-keyring child failed (exit ${code}): ${stderr}`);
  })();
  return lockedRun;
}

test('a keyring locked after the probe: the binding error becomes keychain_locked, not "no token"', async () => {
  const o = (await lockedKeyring()).afterProbe as Outcome;
  assert.equal(o.code, 'keychain_locked', JSON.stringify(o));
  assert.doesNotMatch(String(o.message), /secret-before-lock/);
  assert.ok(o.ms < WITHOUT_WAITING_MS, `${o.ms} ms: it waited on the store's timeout`);
});

test('a locked keyring: get of a stored or an absent key, set and delete all fail fast with keychain_locked', async () => {
  const results = await lockedKeyring();
  for (const name of ['get stored', 'get absent', 'set', 'delete']) {
    const o = { ...results[name], killed: false } as Outcome;
    assertFailure(o, 'keychain_locked', /is locked/, AT_ONCE);
    assert.match(String(o.hint), /Unlock/);
  }
});
