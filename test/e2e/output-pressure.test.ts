// stdout and stderr may be pipes that another process left non-blocking (any Node process sharing one does that) and
// whose reader has not emptied them yet: every byte must still arrive, and the exit code must not hide lost output.
// Each run here first fills the pipe until it refuses more (EAGAIN), then starts the CLI; the reader waits, takes
// one page (so that the next write fits only in part), waits again and then reads the rest.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { BIN } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const FULL = resolve('dist/cli.js');
const PAGE = 4096;
const shellQuote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

// Touching process.stdout makes the pipe non-blocking (libuv); then it writes until the pipe is full, says how much it
// wrote, and stays until killed (at most 30 s): Node makes the pipe blocking again as it exits.
const FILL = `process.stdout; const fs = require('node:fs'); const page = Buffer.alloc(${PAGE}, 'x'); let n = 0;
for (;;) { try { n += fs.writeSync(1, page); } catch (e) { if (e.code === 'EAGAIN') break; throw e; } }
fs.writeFileSync(process.argv[1], String(n)); setTimeout(() => {}, 30_000);`;

function env(): NodeJS.ProcessEnv {
  const dir = tempDir('oauth-login-pressure-');
  const providers = Object.fromEntries(
    Array.from({ length: 200 }, (_, i) => [
      `corp${i}`,
      { issuer: `https://idp${i}.corp.test`, client_id: 'cli', title: `Corp ${i}` },
    ]),
  );
  mkdirSync(join(dir, 'config', 'oauth-login'), { recursive: true });
  writeFileSync(join(dir, 'config', 'oauth-login', 'config.json'), JSON.stringify({ providers }));
  return { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), NO_COLOR: '1' };
}

/** What the CLI prints on a pipe nobody holds back, and what arrived through a full one, with both exit codes. */
function underPressure(file: string, args: string[], e: NodeJS.ProcessEnv, stream: 'stdout' | 'stderr' = 'stdout') {
  const plain = spawnSync(process.execPath, [file, ...args], { env: e, encoding: 'utf8' });
  const dir = tempDir('oauth-login-pipe-');
  const [filled, code, out] = ['filled', 'code', 'out'].map((name) => join(dir, name)) as [string, string, string];
  const node = shellQuote(process.execPath);
  // For stderr, the pipe is the CLI's fd 2 and its stdout goes nowhere.
  const cli = [file, ...args].map(shellQuote).join(' ') + (stream === 'stderr' ? ' 2>&1 >/dev/null' : '');
  const writer = `${node} -e ${shellQuote(FILL)} ${shellQuote(filled)} & until [ -s ${shellQuote(filled)} ]; do sleep 0.1; done; ${node} ${cli}; echo $? > ${shellQuote(code)}; kill $!`;
  const reader = `sleep 1; head -c ${PAGE} > /dev/null; sleep 1; cat > ${shellQuote(out)}`;
  // A CLI that never finished writing would hang the pipeline: bounded, and reported as such.
  const r = spawnSync('bash', ['-c', `{ ${writer}; } | { ${reader}; }`], { env: e, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `the pipeline ran (${r.signal ?? r.status}): ${r.stderr}`);
  const received = readFileSync(out, 'utf8').slice(Number(readFileSync(filled, 'utf8')) - PAGE);
  return {
    plain: { stdout: plain[stream], code: plain.status },
    received: { stdout: received, code: Number(readFileSync(code, 'utf8')) },
  };
}

for (const [name, file] of [
  ['the fast path (bin/)', BIN],
  ['the full CLI (dist/cli.js)', FULL],
] as const) {
  test(`${name}: providers with 200 config entries and --help arrive whole through a full non-blocking pipe`, () => {
    const e = env();
    for (const args of [['providers'], ['--help']]) {
      const { plain, received } = underPressure(file, args, e);
      assert.ok(plain.code === 0 && plain.stdout.length > 2000, `${args} printed ${plain.stdout.length} bytes`);
      assert.equal(received.stdout.length, plain.stdout.length, `${args}: bytes that arrived`);
      assert.deepEqual(received, plain, `oauth-login ${args.join(' ')}`);
    }
  });
}

for (const [name, file] of [
  ['the fast path (bin/)', BIN],
  ['the full CLI (dist/cli.js)', FULL],
] as const) {
  test(`${name}: what people are told (stderr) arrives whole through a full non-blocking pipe, with its exit code`, () => {
    const e = { ...env(), XDG_DATA_HOME: tempDir('oauth-login-pressure-data-'), OAUTH_LOGIN_STORE: 'file' };
    const { plain, received } = underPressure(file, ['status'], e, 'stderr');
    assert.ok(plain.code === 4 && /No stored logins\./.test(plain.stdout), `status said: ${plain.stdout}`);
    assert.deepEqual(received, plain, 'oauth-login status, nothing stored');
  });
}
