// A longer run of the property tests (test/unit/fuzz-*.test.ts) than CI's. The tests read FUZZ_RUNS as a multiplier
// of their CI run counts, and FUZZ_SEED to replay a failure that fast-check reported.
//   node scripts/fuzz.mjs                 FUZZ_RUNS=20 (20 times CI's runs: ~0.33 M cases, about 40 s on 2 cores)
//   FUZZ_RUNS=500 node scripts/fuzz.mjs   longer
//   FUZZ_SEED=123 node scripts/fuzz.mjs   replay
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const files = readdirSync('test/unit')
  .filter((f) => f.startsWith('fuzz-') && f.endsWith('.test.ts'))
  .map((f) => `test/unit/${f}`);
const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS || '20' };
console.error(
  `Fuzzing ${files.join(', ')} with FUZZ_RUNS=${env.FUZZ_RUNS}${env.FUZZ_SEED ? `, FUZZ_SEED=${env.FUZZ_SEED}` : ''}`,
);
const started = Date.now();
const { status } = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=3600000', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env },
);
console.error(`Done in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(status ?? 1);
