// $OAUTH_LOGIN_<NAME>_PRIVATE_KEY_FILE, and a stored machine login standing only for the key file configured now.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { checkKeyFile } from '../../src/logins/configured-login.js';
import type { MachineLogin } from '../../src/logins/types.js';
import { renewMachine } from '../../src/logins/valid-tokens.js';
import { configuredKeyFile, resolveProvider } from '../../src/providers/resolve.js';
import { tempDir } from '../support/tmp.js';

const config = {
  path: '/etc/ci/config.json',
  providers: { corp: { issuer: 'https://idp', client_id: 'ci', private_key_file: 'keys/ci.pem' } },
};
const env = { OAUTH_LOGIN_CORP_PRIVATE_KEY_FILE: 'rotated.pem' };

test('OAUTH_LOGIN_<NAME>_PRIVATE_KEY_FILE: relative to where the command runs, over the config, under the flag', () => {
  const keyOf = (e: NodeJS.ProcessEnv, flags = {}) =>
    resolveProvider('corp', config, e, flags).settings.private_key_file;
  assert.equal(keyOf({}), '/etc/ci/keys/ci.pem', 'the config file: relative to that file');
  assert.equal(keyOf(env), resolve('rotated.pem'));
  assert.equal(keyOf(env, { privateKeyFile: '/k/flag.pem' }), '/k/flag.pem');
  assert.equal(configuredKeyFile('corp', config, env), resolve('rotated.pem'));
  assert.equal(configuredKeyFile('corp', config, {}), '/etc/ci/keys/ci.pem');
  assert.equal(configuredKeyFile('other', config, {}), undefined);
});

const machine = (private_key_file?: string): MachineLogin => ({
  kind: 'machine',
  flow: 'client-credentials',
  provider: 'corp',
  account: 'ci',
  store: 'file',
  client_id: 'ci',
  token_endpoint: 'https://idp/token',
  updated_at: new Date().toISOString(),
  grant: {},
  private_key_file,
});

test('a stored machine login made with another key file than the one configured now needs a login', () => {
  const dir = tempDir('oauth-login-keys-');
  const cfg = join(dir, 'config.json');
  writeFileSync(cfg, JSON.stringify({ providers: config.providers }));
  const key = join(dir, 'keys', 'ci.pem');
  assert.doesNotThrow(() => checkKeyFile(machine(key), cfg, {}));
  assert.throws(() => checkKeyFile(machine(key), cfg, env), {
    code: 'needs_login',
    exitCode: 4,
    message: `No valid token for corp (ci): it was made with ${key}, and the key file configured now is ${resolve('rotated.pem')}.`,
    // The command's --config goes with the hint, absolute and quoted.
    hint: `Run: oauth-login login corp --flow client-credentials --config '${cfg}'`,
  });
  assert.throws(() => checkKeyFile(machine(undefined), cfg, {}), /made with a client secret or assertion/);
  const none = join(dir, 'none.json');
  writeFileSync(none, JSON.stringify({ providers: {} }));
  assert.doesNotThrow(() => checkKeyFile(machine('/k/flag.pem'), none, {}), 'nothing configured: its own key');
});

test('a renewal reads the config named by --config and refuses a key file other than the stored one, before any request', async () => {
  const path = join(tempDir('oauth-login-keys-'), 'config.json');
  const entry = { issuer: 'https://idp', client_id: 'ci', private_key_file: '/etc/ci/keys/next.pem' };
  writeFileSync(path, JSON.stringify({ providers: { corp: entry } }));
  const login = machine('/etc/ci/keys/ci.pem');
  const client = { client_id: 'ci', private_key_file: login.private_key_file };
  await assert.rejects(renewMachine(login, client, AbortSignal.timeout(10_000), {}, path), {
    code: 'needs_login',
    message:
      'No valid token for corp (ci): it was made with /etc/ci/keys/ci.pem, and the key file configured now is /etc/ci/keys/next.pem.',
  });
});
