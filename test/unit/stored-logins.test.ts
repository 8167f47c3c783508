import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { toTokenSet } from '../../src/flows/token-result.js';
import type { LoginResult } from '../../src/flows/types.js';
import { readIndex, updateIndex } from '../../src/logins/index-file.js';
import { accountFor } from '../../src/logins/entries.js';
import { tempDir } from '../support/tmp.js';

const privateDir = () => tempDir('index-');

test('a token with characters a token cannot have is refused (token --format env prints tokens raw)', () => {
  for (const bad of ['a\nOTHER=1', 'a b', '\x1b[2Ja', 'ä']) {
    assert.throws(() => toTokenSet({ access_token: bad, token_type: 'bearer' } as never), { code: 'invalid_response' });
    assert.throws(() => toTokenSet({ access_token: 'ok', refresh_token: bad, token_type: 'bearer' } as never), {
      code: 'invalid_response',
    });
  }
  assert.equal(
    toTokenSet({ access_token: 'eyJ.a-b_c~+/=', token_type: 'bearer' } as never).access_token,
    'eyJ.a-b_c~+/=',
  );
});

test('an account name taken from a provider profile is terminal-safe', () => {
  const result = {
    kind: 'person',
    profile: { id: '1', username: 'eve\x1b]0;pwned\x07\nroot' },
  } as unknown as LoginResult;
  assert.equal(accountFor(result, undefined), 'eve root');
  assert.equal(accountFor(result, 'work'), 'work');
});

test('a damaged index file is never overwritten; reading it gives no logins', async () => {
  const dir = privateDir();
  writeFileSync(join(dir, 'index.json'), '{"logins": {"github:octo"', { mode: 0o600 });
  assert.deepEqual(readIndex(dir).logins, {});
  await assert.rejects(
    updateIndex(dir, () => {}),
    { code: 'index_damaged' },
  );
  assert.equal(readFileSync(join(dir, 'index.json'), 'utf8'), '{"logins": {"github:octo"');
});

test('entries this version cannot read survive a rewrite of the index', async () => {
  const dir = privateDir();
  const future = { provider: 'x', account: 'y', store: 'cloud-hsm' };
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ version: 1, defaults: {}, logins: { 'x:y': future } }), {
    mode: 0o600,
  });
  await updateIndex(dir, (index) => {
    index.defaults.demo = 'ada';
  });
  const json = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  assert.deepEqual(json.logins['x:y'], future);
  assert.equal(json.defaults.demo, 'ada');
});
