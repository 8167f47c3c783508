// `setup-kubectl --print`: the users[] entry kubectl's exec plugin loader reads, with the words that start this CLI.
import assert from 'node:assert/strict';
import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSetupKubectl } from '../../src/commands/setup-kubectl.js';
import { execUser, setCredentialsArgs } from '../../src/integrations/kubeconfig.js';
import { selfCommand } from '../../src/integrations/self-command.js';
import { recordingIo } from '../support/io.js';
import { tempDir } from '../support/tmp.js';

test('--print: the exec stanza (v1, IfAvailable, no cluster info) with --account and --id-token passed through', async () => {
  const io = recordingIo({ PATH: tempDir('oauth-login-empty-path-') });
  await runSetupKubectl('corp', { print: true, user: 'me', account: 'ada', idToken: true }, io);
  const self = selfCommand({ PATH: '' });
  const words = [...self.args, 'token', 'corp', '--format', 'exec-credential', '--account', 'ada', '--id-token'];
  assert.equal(
    io.stdout.join(''),
    [
      'users:',
      '- name: "me"',
      '  user:',
      '    exec:',
      '      apiVersion: "client.authentication.k8s.io/v1"',
      `      command: ${JSON.stringify(process.execPath)}`,
      '      args:',
      ...words.map((w) => `      - ${JSON.stringify(w)}`),
      '      interactiveMode: IfAvailable',
      '      provideClusterInfo: false',
    ].join('\n'),
  );
  assert.deepEqual(io.said, [], 'nothing written, nothing to report');
});

test('the command is plain "oauth-login" when that name on PATH is this very script (npm\'s bin link)', () => {
  const bin = tempDir('oauth-login-bin-');
  const script = join(tempDir('oauth-login-pkg-'), 'oauth-login.js');
  writeFileSync(script, '');
  chmodSync(script, 0o755);
  symlinkSync(script, join(bin, 'oauth-login'));
  assert.deepEqual(selfCommand({ PATH: `/nonexistent:${bin}` }, script), { command: 'oauth-login', args: [] });
  assert.deepEqual(selfCommand({ PATH: bin }, join(bin, '..', 'other.js')).command, process.execPath);
});

test('an argument with a comma or a quote is one CSV field for kubectl --exec-arg, and the hint is a working command', async () => {
  const entry = execUser('my user', { command: 'oauth-login', args: [] }, 'github', { account: 'Doe, "J"' });
  const args = setCredentialsArgs(entry, '/tmp/k 1');
  assert.ok(args.includes('--exec-arg=--account'));
  assert.ok(args.includes('--exec-arg="Doe, ""J"""'), args.join(' '));
  assert.deepEqual(args.slice(0, 4), ['config', '--kubeconfig', '/tmp/k 1', 'set-credentials']);
  // The hint names the file that was written and quotes the user for the shell.
  const bin = tempDir('fake-kubectl-');
  writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'kubectl'), 0o755);
  const io = recordingIo({ PATH: `${bin}:/usr/bin:/bin` });
  await runSetupKubectl('github', { user: 'my user', kubeconfig: '/tmp/k 1' }, io);
  assert.match(
    io.stderrText(),
    /Use it with: kubectl config --kubeconfig '\/tmp\/k 1' set-context --current --user 'my user'/,
  );
});
