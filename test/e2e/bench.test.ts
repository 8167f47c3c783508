import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

// The benchmark must keep working; its numbers are not judged here (CI machines are noisy).
test('npm run bench --quick measures every command and writes bench/results.json', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--quick'], { encoding: 'utf8' });
  assert.match(out, /ratio to node -e 0/);
  const results = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  assert.equal(results.node, process.version, 'measured on the Node under test');
  for (const name of [
    'node -e 0',
    'oauth-login --version',
    'oauth-login token (stored, fresh)',
    'oauth-login token (refresh)',
  ]) {
    assert.ok(results.median_ms[name] > 0, name);
    assert.ok(results.ratio_to_node[name] > 0, name);
  }
  assert.ok(results.login_ms.total >= results.login_ms.inside_oauth_login && results.login_ms.inside_oauth_login > 0);
  assert.ok(results.peak_rss_kib['oauth-login token (stored, fresh)'] > 0);
});
