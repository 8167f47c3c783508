// test/HOSTILE.md row 33: the store is checked before anyone signs in; tokens that still cannot be saved are revoked.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runLogin } from '../../src/commands/login.js';
import { CLIENT, fakeNetwork, OP, tokenAnswer } from '../support/fake-network.js';
import { recordingIo } from '../support/io.js';

const machine = {
  issuer: OP,
  clientId: CLIENT,
  clientSecret: 'client-secret',
  flow: 'client-credentials' as const,
  store: 'file',
  timeout: 30,
};

function dataHome(t: { after(fn: () => void): void }) {
  const home = mkdtempSync(join(tmpdir(), 'oauth-login-store-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

test('row 33: --store file with a data directory others can read fails before any request to the provider', async (t) => {
  const net = await fakeNetwork();
  t.after(() => net.restore());
  const home = dataHome(t);
  mkdirSync(join(home, 'oauth-login'), { mode: 0o755 });
  chmodSync(join(home, 'oauth-login'), 0o755);
  const io = recordingIo({ XDG_DATA_HOME: home });
  await assert.rejects(runLogin('corp', machine, io), { code: 'store_insecure', message: /mode 755/ });
  assert.deepEqual(net.requests, [], 'nothing was asked of the provider');
});

test('row 33: tokens that cannot be saved after the grant are revoked, and the error says so', async (t) => {
  const net = await fakeNetwork();
  t.after(() => net.restore());
  const home = dataHome(t);
  net.token = () => tokenAnswer({ access_token: 'issued-but-unsaved' });
  // Every check before the grant passes; the write itself fails: a directory stands where the secret file goes.
  const secrets = join(home, 'oauth-login', 'secrets');
  mkdirSync(join(secrets, `${Buffer.from(`corp:${CLIENT}`).toString('hex')}.secret`), { recursive: true });
  for (const dir of [join(home, 'oauth-login'), secrets]) chmodSync(dir, 0o700);
  const io = recordingIo({ XDG_DATA_HOME: home });
  await assert.rejects(runLogin('corp', machine, io), { message: /The tokens just issued were revoked/ });
  const revoked = net.requests.filter((r) => r.path === '/revoke').map((r) => r.body.get('token'));
  assert.deepEqual(revoked, ['issued-but-unsaved']);
  assert.deepEqual(io.stdout, [], 'nothing printed as if it had worked');
  assert.equal(readdirSync(join(home, 'oauth-login')).includes('index.json'), false, 'no login was recorded');
});
