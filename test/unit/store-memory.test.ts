import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../../src/store/memory.js';

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
