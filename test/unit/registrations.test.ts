// The registrations file (src/logins/registrations.ts): an unsafe or unreadable file fails instead of passing for
// damage (whose next save would keep only one issuer), and a record is always paired with its own client's secret.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findRegistration, type KnownClient, saveRegistration } from '../../src/logins/registrations.js';
import { openLogins } from '../../src/logins/service.js';
import { FileStore } from '../../src/store/file.js';
import { ensurePrivateDir } from '../../src/store/atomic.js';
import type { SecretStore } from '../../src/store/types.js';
import { tempDir } from '../support/tmp.js';

const client = (issuer: string, client_id: string, client_secret?: string): KnownClient => ({
  issuer,
  client_id,
  client_secret,
  redirect_uri: 'http://localhost:5000/callback',
  grant_types: ['authorization_code', 'refresh_token'],
});

test('a registrations file others can read is refused (store_insecure), and a save leaves the other issuers in it', async () => {
  const logins = openLogins({}, { dir: tempDir('oauth-login-regfile-') });
  const store = new FileStore(logins.dir);
  await saveRegistration(logins, store, client('https://a.example', 'a-1'));
  await saveRegistration(logins, store, client('https://b.example', 'b-1'));
  const file = join(logins.dir, 'registrations.json');
  const before = readFileSync(file, 'utf8');
  chmodSync(file, 0o644);
  await assert.rejects(findRegistration(logins, 'https://a.example'), { code: 'store_insecure', message: /0?644/ });
  await assert.rejects(saveRegistration(logins, store, client('https://c.example', 'c-1')), {
    code: 'store_insecure',
  });
  assert.equal(readFileSync(file, 'utf8'), before, 'nothing rewritten');
});

test('a damaged registrations file still costs only a new registration', async () => {
  const logins = openLogins({}, { dir: tempDir('oauth-login-regfile-') });
  ensurePrivateDir(logins.dir);
  writeFileSync(join(logins.dir, 'registrations.json'), '{not json', { mode: 0o600 });
  assert.equal(await findRegistration(logins, 'https://a.example'), undefined);
});

test('two registrations at one server saved at once: the kept record goes with its own secret', async () => {
  const logins = openLogins({}, { dir: tempDir('oauth-login-regrace-') });
  const real = new FileStore(logins.dir);
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  // A's secret is written at once, but its set() returns only when the gate opens: B runs meanwhile.
  const slow: SecretStore = {
    kind: 'file',
    get: (key) => real.get(key),
    delete: (key) => real.delete(key),
    async set(key, value) {
      await real.set(key, value);
      if (value.includes('secret-a')) await gate;
    },
  };
  const a = saveRegistration(logins, slow, client('https://as.example', 'client-a', 'secret-a'));
  const b = saveRegistration(logins, real, client('https://as.example', 'client-b', 'secret-b'));
  // Without the lock around both writes B finishes now; with it B waits for A. Either way, then let A go on.
  await Promise.race([b, new Promise((resolve) => setTimeout(resolve, 500))]);
  open();
  await Promise.all([a, b]);
  const kept = await findRegistration(logins, 'https://as.example');
  assert.ok(kept, 'a registration is kept');
  assert.equal(kept.client_secret, kept.client_id === 'client-a' ? 'secret-a' : 'secret-b');
});

test("a replaced registration's secret in another store is removed while the lock is held", async () => {
  const logins = openLogins({}, { dir: tempDir('oauth-login-regdelete-') });
  const file = new FileStore(logins.dir);
  await saveRegistration(logins, file, client('https://as.example', 'client-a', 'secret-a'));
  const held: boolean[] = [];
  // After the lock, another registration at this server could have put its own secret under the same key.
  const spied: SecretStore = {
    kind: 'file',
    get: (key) => file.get(key),
    set: (key, value) => file.set(key, value),
    async delete(key) {
      held.push(existsSync(join(logins.dir, 'registrations.lock')));
      return file.delete(key);
    },
  };
  const memory = new Map<string, string>();
  const keychain: SecretStore = {
    kind: 'keychain',
    get: async (key) => memory.get(key),
    set: async (key, value) => void memory.set(key, value),
    delete: async (key) => memory.delete(key),
  };
  await saveRegistration({ ...logins, store: (kind) => (kind === 'file' ? spied : keychain) }, keychain, {
    ...client('https://as.example', 'client-b', 'secret-b'),
  });
  assert.deepEqual(held, [true], 'the file store secret was deleted once, under the lock');
});
