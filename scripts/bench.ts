// `npm run bench [-- --quick]`: start-up and login costs of oauth-login, against a floor measured in the same run
// (`node -e 0`), because these machines are noisy and absolute times drift. Prints medians and ratios; writes
// bench/results.json. Runs are interleaved round-robin so drift hits every command alike.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const login = [NODE, BIN, 'demo', '--issuer', idp.issuer, '--port', '0', '--store', 'file', '--force', '-q'];

try {
  time(login, env); // a stored login for the token commands
  const commands: Record<string, string[]> = {
    'node -e 0': [NODE, '-e', '0'],
    'oauth-login --version': [NODE, BIN, '--version'],
    'oauth-login token (stored, fresh)': [NODE, BIN, 'token', 'demo'],
    'oauth-login token (refresh)': [NODE, BIN, 'token', 'demo', '--min-ttl', '86400'],
  };
  if (which('gh')) commands['gh auth token (peer)'] = ['gh', 'auth', 'token'];
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [name, cmd] of Object.entries(commands)) {
      const ms = time(cmd, env);
      if (i >= WARMUP) samples[name]?.push(ms);
    }
  }
  // A full login with a scripted (non-browser) user agent; the agent reports its own time.
  const timing = join(data, 'agent-ms');
  const logins = { total: [] as number[], inside: [] as number[] };
  for (let i = 0; i < (quick ? 2 : 10); i++) {
    rmSync(timing, { force: true });
    const total = time(login, { ...env, AGENT_TIMING_FILE: timing });
    logins.total.push(total);
    logins.inside.push(total - Number(readFileSync(timing, 'utf8').trim()));
  }
  const rss = {
    'node -e 0': peakRss(commands['node -e 0'] as string[], env),
    'oauth-login --version': peakRss(commands['oauth-login --version'] as string[], env),
    'oauth-login token (stored, fresh)': peakRss(commands['oauth-login token (stored, fresh)'] as string[], env),
  };
  const floor = median(samples['node -e 0'] as number[]);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    runs: RUNS,
    median_ms: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Number(median(v).toFixed(1))])),
    ratio_to_node: Object.fromEntries(
      Object.entries(samples).map(([k, v]) => [k, Number((median(v) / floor).toFixed(3))]),
    ),
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
    (k) => `${k.padEnd(36)} ${String(results.median_ms[k]).padStart(7)} ms   ×${results.ratio_to_node[k]}`,
  );
  console.log(`medians of ${RUNS} interleaved runs (ratio to node -e 0 in the same run)\n${rows.join('\n')}`);
  console.log(
    `full login (scripted user agent): ${results.login_ms.total} ms, of which inside oauth-login ${results.login_ms.inside_oauth_login} ms`,
  );
  console.log(
    `peak RSS: ${Object.entries(rss)
      .map(([k, v]) => `${k} ${v} KiB (×${results.rss_ratio_to_node[k as keyof typeof rss]})`)
      .join(', ')}`,
  );
  if (!which('gh')) console.log('gh (peer) is not installed: not measured');
  console.log('written: bench/results.json');
} finally {
  idpProcess.kill();
  // The browser agent the CLI started (detached) may still be writing its timing file here: retry, as rm -rf would.
  rmSync(data, { recursive: true, force: true, maxRetries: 5 });
}
