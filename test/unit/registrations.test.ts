// The registrations file (src/logins/registrations.ts): an unsafe or unreadable file fails instead of passing for
// damage (whose next save would keep only one issuer).
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findRegistration, type KnownClient, saveRegistration } from '../../src/logins/registrations.js';
import { openLogins } from '../../src/logins/service.js';
import { FileStore } from '../../src/store/file.js';
import { ensurePrivateDir } from '../../src/store/atomic.js';
import { tempDir } from '../support/tmp.js';

const client = (issuer: string, client_id: string, client_secret?: string): KnownClient => ({
  issuer,
  client_id,
  client_secret,
  redirect_uri: 'http://localhost:5000/callback',
  grant_types: ['authorization_code', 'refresh_token'],
});

test('a registrations file others can read is refused (store_insecure), and a save leaves the other issuers in it', async () => {
  const logins = openLogins({}, tempDir('oauth-login-regfile-'));
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
  const logins = openLogins({}, tempDir('oauth-login-regfile-'));
  ensurePrivateDir(logins.dir);
  writeFileSync(join(logins.dir, 'registrations.json'), '{not json', { mode: 0o600 });
  assert.equal(await findRegistration(logins, 'https://a.example'), undefined);
});
