// Quirks of Microsoft Entra ID (test/support/providers/microsoft.ts), each a named test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceFlow } from '../../src/flows/device.js';
import type { FlowContext } from '../../src/flows/types.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { recordingUi } from '../support/io.js';
import { MS, microsoft, TENANT } from '../support/providers/microsoft.js';
import { fakeClock } from '../support/providers/network.js';

const ctx = (): FlowContext => ({
  ui: recordingUi(),
  signal: new AbortController().signal,
  deadline: Date.now() + 3_600_000,
  browser: { kind: 'none' },
  clock: fakeClock(),
});
const entra = (issuer: string) =>
  resolveProvider('entra', { path: '/c', providers: {} }, {}, { issuer, clientId: 'app-id' });

for (const alias of ['common', 'organizations', 'consumers']) {
  test(`microsoft: the literal issuer ${MS}/${alias}/v2.0 works like the preset (iss checked against tid)`, async (t) => {
    const net = await microsoft('app-id');
    t.after(() => net.restore());
    const login = await deviceFlow(entra(`${MS}/${alias}/v2.0`), ctx());
    assert.equal(login.kind === 'person' && login.server.issuer, `${MS}/${TENANT}/v2.0`);
  });
}

test('microsoft: an ID token whose iss is not the tenant its tid names is refused', async (t) => {
  const net = await microsoft('app-id', { tid: '00000000-0000-0000-0000-000000000001' });
  t.after(() => net.restore());
  await assert.rejects(deviceFlow(entra(`${MS}/common/v2.0`), ctx()), { code: 'id_token_claim_mismatch' });
});

test('microsoft: the preset with --tenant common is the same as the literal issuer', async (t) => {
  const net = await microsoft('app-id');
  t.after(() => net.restore());
  const preset = resolveProvider('microsoft', { path: '/c', providers: {} }, {}, { clientId: 'app-id' });
  const login = await deviceFlow(preset, ctx());
  assert.equal(login.kind === 'person' && login.server.issuer, `${MS}/${TENANT}/v2.0`);
});
