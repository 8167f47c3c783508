import assert from 'node:assert/strict';
import { test } from 'node:test';
import { machineScope, requestedGrant, sameGrant } from '../../src/flows/client-credentials.js';
import type { ResolvedProvider } from '../../src/providers/types.js';

const provider = (scope: string) => ({ name: 'x', settings: { scope } }) as unknown as ResolvedProvider;

test('a machine asks for the configured scope without the scopes that describe a person', () => {
  assert.equal(machineScope('openid profile email offline_access'), undefined);
  assert.equal(machineScope('openid api:read  api:write'), 'api:read api:write');
  assert.deepEqual(requestedGrant(provider('openid api'), {}), { scope: 'api' });
  assert.deepEqual(
    requestedGrant(provider('openid api'), { scope: 'openid', audience: 'a', resource: ['https://r/'] }),
    {
      scope: 'openid',
      audience: 'a',
      resource: ['https://r/'],
    },
  );
});

test('a stored machine login is reused only for the same scope, resources and audience', () => {
  assert.ok(sameGrant({ scope: 'a' }, { scope: 'a' }));
  assert.ok(sameGrant(undefined, {}));
  assert.ok(!sameGrant({ scope: 'a' }, { scope: 'a', audience: 'x' }));
  assert.ok(!sameGrant({ resource: ['https://one/'] }, { resource: ['https://two/'] }));
});
