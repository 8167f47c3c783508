import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runTool } from '../../src/integrations/run-tool.js';
import { tempDir } from '../support/tmp.js';

test('git and kubectl get the environment without any OAUTH_LOGIN_* secret or token (as the browser does)', async () => {
  const bin = tempDir('run-tool-');
  writeFileSync(join(bin, 'git'), '#!/bin/sh\nenv\n');
  chmodSync(join(bin, 'git'), 0o755);
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    OAUTH_LOGIN_GITHUB_CLIENT_SECRET: 'client-secret-value',
    OAUTH_LOGIN_GITHUB_REFRESH_TOKEN: 'refresh-token-value',
    OAUTH_LOGIN_STORE: 'file',
  };
  const run = await runTool('git', [], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stdout, /client-secret-value|refresh-token-value/);
  assert.match(run.stdout, /^OAUTH_LOGIN_STORE=file$/m, 'everything else is passed on');
});
