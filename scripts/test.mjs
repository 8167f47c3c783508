// Runs the suites with node's own test runner. `node scripts/test.mjs [unit|e2e]`; no argument runs both.
// E2E tests run the built CLI, so the bundle is rebuilt first.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const suites = process.argv[2] ? [process.argv[2]] : ['unit', 'e2e'];
const files = suites.flatMap((suite) =>
  readdirSync(`test/${suite}`)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${suite}/${f}`),
);
if (files.length === 0) {
  console.error(`No test files found in ${suites.join(', ')}.`);
  process.exit(1);
}
// process.execPath, not `node` from PATH: the suites run on the Node that runs this script (CI runs it on 20 and 24).
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
if (suites.includes('e2e') && run(['scripts/build.mjs']) !== 0) process.exit(1);
// One file at a time: e2e files share port 5000 and a browser, and the machine has two cores.
const status = run(['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files]);
process.exit(status);
