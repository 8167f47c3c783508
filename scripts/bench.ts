// `npm run bench [-- --quick]`: start-up and login costs of oauth-login, against a floor measured in the same run
// (`node -e 0` of the same runtime), because these machines are noisy and absolute times drift. Measures the Node
// running it and, when scripts/test-all.sh has installed it, Node 24 (.cache/node24); `token` from both stores (the
// keychain when a Secret Service answers); `gh auth token` when gh is installed. Prints medians and ratios; writes
// bench/results.json. Runs are interleaved round-robin so drift hits every command alike.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 5 : 40;
const WARMUP = quick ? 1 : 5;
const BIN = resolve('bin/oauth-login.js');
// The Node running this script, for the floor and for every command: never whichever `node` PATH finds first.
const NODE = process.execPath;
const AGENT = `"${NODE}" --import ${import.meta.resolve('tsx')} "${resolve('demo/browser-agent.ts')}" scripted`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function time(cmd: string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const r = spawnSync(cmd[0] as string, cmd.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

/** Peak RSS (KiB) of a child, from the kernel's rusage of waited-for children: nothing is added to the process. */
function peakRss(cmd: string[], env: NodeJS.ProcessEnv): number {
  const py =
    'import resource,subprocess,sys; subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
  const r = spawnSync('python3', ['-c', py, ...cmd], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`peak RSS of ${cmd.join(' ')} failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

function which(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

// The provider runs in its own process: the measurements below block this one (spawnSync).
const idpProcess = spawn(process.execPath, ['--import', 'tsx', 'demo/idp-server.ts'], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
const [line] = (await once(idpProcess.stdout, 'data')) as [Buffer];
const idp = JSON.parse(line.toString()) as { issuer: string };
const data = mkdtempSync(join(tmpdir(), 'oauth-login-bench-'));
// The caller's environment, as users run it (e.g. NODE_EXTRA_CA_CERTS alone can add 30 ms to every Node start-up),
// with a throwaway home so no real login or config is touched.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOME: data,
  XDG_DATA_HOME: data,
  XDG_CONFIG_HOME: data,
  NO_COLOR: '1',
  BROWSER: AGENT,
};
const file = { ...env, XDG_DATA_HOME: join(data, 'file') };
const keychain = { ...env, XDG_DATA_HOME: join(data, 'keychain') };
// Its own account, so that a real `demo` login in the keychain of whoever runs this is never touched.
const account = `bench-${process.pid}`;
const login = (store: string) => [NODE, BIN, 'demo', '--issuer', idp.issuer, '--port', '0', '--store', store, '-q'];

/**
 * gh with a throwaway config holding one token in its file store (hosts.yml), as a user who ran `gh auth login`
 * has: never the caller's own gh login, and no token variable that would let gh skip its config.
 */
function ghEnv(): NodeJS.ProcessEnv {
  const dir = join(data, 'gh');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hosts = 'github.com:\n    oauth_token: gho_bench_not_a_real_token\n    git_protocol: https\n    user: bench\n';
  writeFileSync(join(dir, 'hosts.yml'), hosts, { mode: 0o600 });
  const e: NodeJS.ProcessEnv = { ...env, GH_CONFIG_DIR: dir, GH_NO_UPDATE_NOTIFIER: '1' };
  for (const name of ['GH_TOKEN', 'GITHUB_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN']) delete e[name];
  return e;
}

/** The Node running this, and Node 24 from scripts/test-all.sh's prefix when it is there and another version. */
function runtimes(): { label: string; node: string }[] {
  const label = (node: string) => `Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}`;
  const list = [{ label: label(NODE), node: NODE }];
  const node24 = resolve(`.cache/node24/node_modules/node-linux-${arch()}/bin/node`);
  if (existsSync(node24) && label(node24) !== list[0]?.label) list.push({ label: label(node24), node: node24 });
  return list;
}

let hasKeychain = false;
try {
  time([...login('file'), '--force'], file); // stored logins for the token commands
  hasKeychain =
    spawnSync(login('keychain')[0] as string, [...login('keychain').slice(1), '--account', account], {
      env: keychain,
      stdio: 'ignore',
    }).status === 0;
  // whoami's local part: whoami less what a bare Node process pays for the same profile request (fetch, the answer).
  const discovery = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
  // The token in a 0600 file of the throwaway home, not in the child's environment or argv.
  const tokenFile = join(data, 'bare-token');
  const token = spawnSync(NODE, [BIN, 'token', 'demo'], { env: file, encoding: 'utf8' }).stdout.trim();
  writeFileSync(tokenFile, token, { mode: 0o600 });
  const bareEnv = { ...file, BENCH_USERINFO: discovery.userinfo_endpoint as string, BENCH_TOKEN_FILE: tokenFile };
  const bareRequest =
    "const t = require('fs').readFileSync(process.env.BENCH_TOKEN_FILE, 'utf8');" +
    "fetch(process.env.BENCH_USERINFO, { headers: { authorization: 'Bearer ' + t } })" +
    '.then((r) => r.text()).then((b) => { if (!b.includes(\'"sub"\')) process.exit(1); })';
  const commands: Record<string, { cmd: string[]; env: NodeJS.ProcessEnv; floor: string }> = {};
  for (const { label, node } of runtimes()) {
    const floor = `${label}: node -e 0`;
    const add = (name: string, args: string[], e = file) => {
      commands[`${label}: ${name}`] = { cmd: [node, ...args], env: e, floor };
    };
    add('node -e 0', ['-e', '0']);
    add('oauth-login --version', [BIN, '--version']);
    add('oauth-login token (file store)', [BIN, 'token', 'demo']);
    if (hasKeychain) add('oauth-login token (OS keychain)', [BIN, 'token', 'demo', '--account', account], keychain);
    add('oauth-login token (refresh)', [BIN, 'token', 'demo', '--min-ttl', '86400']);
    add('oauth-login status', [BIN, 'status'], hasKeychain ? keychain : file);
    add('oauth-login providers', [BIN, 'providers']);
    add('oauth-login --help', [BIN, '--help']);
    add('oauth-login whoami', [BIN, 'whoami', 'demo']);
    add('node: the same profile request', ['-e', bareRequest], bareEnv);
  }
  if (which('gh'))
    commands['gh auth token (peer, file store)'] = { cmd: ['gh', 'auth', 'token'], env: ghEnv(), floor: '' };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [name, { cmd, env: e }] of Object.entries(commands)) {
      const ms = time(cmd, e);
      if (i >= WARMUP) samples[name]?.push(ms);
    }
  }
  // A full login with a scripted (non-browser) user agent; the agent reports its own time.
  const timing = join(data, 'agent-ms');
  const logins = { total: [] as number[], inside: [] as number[] };
  for (let i = 0; i < (quick ? 2 : 10); i++) {
    rmSync(timing, { force: true });
    const total = time([...login('file'), '--force'], { ...file, AGENT_TIMING_FILE: timing });
    logins.total.push(total);
    logins.inside.push(total - Number(readFileSync(timing, 'utf8').trim()));
  }
  const fresh = [NODE, BIN, 'token', 'demo'];
  const rss = {
    'node -e 0': peakRss([NODE, '-e', '0'], file),
    'oauth-login --version': peakRss([NODE, BIN, '--version'], file),
    'oauth-login token (stored, fresh)': peakRss(fresh, file),
  };
  const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  // gh is compared with the first runtime's floor: it is the peer a user would run instead.
  const floorOf = (k: string) => medians[commands[k]?.floor || Object.keys(commands)[0] || ''] as number;
  /** whoami less the bare request's cost above its floor, as a ratio to that floor. */
  const localParts = Object.fromEntries(
    runtimes().map(({ label }) => {
      const m = (name: string) => medians[`${label}: ${name}`] as number;
      const local = m('oauth-login whoami') - (m('node: the same profile request') - m('node -e 0'));
      return [`${label}: oauth-login whoami, local part`, Number((local / m('node -e 0')).toFixed(3))];
    }),
  );
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    runtimes: runtimes().map((r) => r.label),
    keychain: hasKeychain,
    gh: which('gh'),
    runs: RUNS,
    median_ms: Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, Number(v.toFixed(1))])),
    ratio_to_node: Object.fromEntries(
      Object.keys(medians).map((k) => [k, Number((medians[k] / floorOf(k)).toFixed(3))]),
    ),
    whoami_local_part_ratio: localParts,
    login_ms: {
      total: Number(median(logins.total).toFixed(0)),
      inside_oauth_login: Number(median(logins.inside).toFixed(0)),
    },
    peak_rss_kib: rss,
    rss_ratio_to_node: Object.fromEntries(
      Object.entries(rss).map(([k, v]) => [k, Number((v / rss['node -e 0']).toFixed(3))]),
    ),
  };
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  const rows = Object.keys(samples).map(
    (k) =>
      `${k.padEnd(50)} ${results.median_ms[k]?.toFixed(1).padStart(7)} ms   ×${results.ratio_to_node[k]?.toFixed(2)}`,
  );
  console.log(`medians of ${RUNS} interleaved runs (ratio to node -e 0 of the same runtime, in the same run)`);
  console.log(rows.join('\n'));
  for (const [k, v] of Object.entries(localParts)) console.log(`${k.padEnd(61)} ×${v.toFixed(2)}`);
  if (!hasKeychain) console.log('no Secret Service answered: token (OS keychain) not measured');
  if (!which('gh')) console.log('gh not installed: gh auth token not measured');
  console.log(
    `full login (scripted user agent): ${results.login_ms.total} ms, of which inside oauth-login ${results.login_ms.inside_oauth_login} ms`,
  );
  console.log(
    `peak RSS (${process.version}): ${Object.entries(rss)
      .map(([k, v]) => `${k} ${v} KiB (×${results.rss_ratio_to_node[k as keyof typeof rss]})`)
      .join(', ')}`,
  );
  console.log('written: bench/results.json');
} finally {
  if (hasKeychain) spawnSync(NODE, [BIN, 'logout', 'demo', '--account', account], { env: keychain, stdio: 'ignore' });
  idpProcess.kill();
  // The browser agent the CLI started (detached) may still be writing its timing file here: retry, as rm -rf would.
  rmSync(data, { recursive: true, force: true, maxRetries: 5 });
}
