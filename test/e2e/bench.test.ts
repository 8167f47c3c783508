import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

// The benchmark must keep working; its numbers are not judged here (CI machines are noisy). It runs inside the
// suite's D-Bus session with a keyring (scripts/with-keyring.sh), so the keychain store is measured too.
test('npm run bench --quick measures every command on both stores and writes bench/results.json', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--quick'], { encoding: 'utf8' });
  assert.match(out, /ratio to node -e 0 of the same runtime/);
  const results = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  assert.equal(results.node, process.version, 'measured on the Node under test');
  assert.equal(results.runtimes[0], `Node ${process.version}`);
  assert.equal(results.keychain, true, 'the Secret Service of the test session answered');
  assert.match(out, results.gh ? /gh auth token \(peer, file store\)/ : /gh not installed/);
  if (results.gh) assert.ok(results.median_ms['gh auth token (peer, file store)'] > 0);
  for (const runtime of results.runtimes) {
    for (const name of [
      'node -e 0',
      'oauth-login --version',
      'oauth-login token (file store)',
      'oauth-login token (OS keychain)',
      'oauth-login token (refresh)',
      'oauth-login status',
      'oauth-login providers',
      'oauth-login --help',
      'oauth-login whoami',
      'node: the same profile request',
    ]) {
      assert.ok(results.median_ms[`${runtime}: ${name}`] > 0, `${runtime}: ${name}`);
      assert.ok(results.ratio_to_node[`${runtime}: ${name}`] > 0, `${runtime}: ${name}`);
    }
  }
  for (const runtime of results.runtimes) {
    assert.ok(results.whoami_local_part_ratio[`${runtime}: oauth-login whoami, local part`] > 0, runtime);
  }
  assert.ok(results.login_ms.total >= results.login_ms.inside_oauth_login && results.login_ms.inside_oauth_login > 0);
  assert.ok(results.peak_rss_kib['oauth-login token (stored, fresh)'] > 0);
});
