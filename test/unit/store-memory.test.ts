import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../../src/store/memory.js';
import { dataDir } from '../../src/store/paths.js';

test('MemoryStore keeps values for this run only: set, get, overwrite, delete', async () => {
  const store = new MemoryStore();
  assert.equal(store.kind, 'memory');
  assert.equal(await store.get('demo:ada'), undefined);
  await store.set('demo:ada', 'one');
  await store.set('demo:ada', 'two');
  assert.equal(await store.get('demo:ada'), 'two');
  assert.equal(await store.delete('demo:ada'), true);
  assert.equal(await store.delete('demo:ada'), false);
  assert.equal(await new MemoryStore().get('demo:ada'), undefined);
});

test('dataDir: $XDG_DATA_HOME/oauth-login, else ~/.local/share/oauth-login; a relative XDG_DATA_HOME is ignored', () => {
  assert.equal(dataDir({ XDG_DATA_HOME: '/xdg', HOME: '/home/ada' }), '/xdg/oauth-login');
  assert.equal(dataDir({ HOME: '/home/ada' }), '/home/ada/.local/share/oauth-login');
  assert.equal(dataDir({ XDG_DATA_HOME: '', HOME: '/home/ada' }), '/home/ada/.local/share/oauth-login');
  assert.equal(dataDir({ XDG_DATA_HOME: 'rel/dir', HOME: '/home/ada' }), '/home/ada/.local/share/oauth-login');
});
