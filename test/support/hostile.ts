import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { BrowserHook, transcript } from './cli.js';
import { FakeOp, leakedSecrets } from './fake-op.js';

export interface Hostile {
  op: FakeOp;
  hook: BrowserHook;
}

/**
 * One scripted provider and browser hook per test file, reset before each test. After the file, row 28 of
 * test/HOSTILE.md: nothing the provider issued (codes, tokens, verifiers, client secret) was ever printed, except what
 * a test asked for and struck off `op.issued`. Fields are filled in by `before`: read them inside tests only.
 */
export function hostileSetup(): Hostile {
  const s = {} as Hostile;
  before(async () => {
    s.op = await FakeOp.start();
    s.hook = await BrowserHook.start();
  });
  beforeEach(() => s.op.reset());
  after(async () => {
    await s.hook?.close();
    await s.op?.close();
    assert.deepEqual(leakedSecrets(transcript, s.op.issued), []);
  });
  return s;
}
