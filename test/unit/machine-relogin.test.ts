import assert from 'node:assert/strict';
import { test } from 'node:test';
import { machineLoginArgs } from '../../src/logins/machine-relogin.js';
import type { MachineLogin } from '../../src/logins/types.js';

const machine = (fields: Partial<MachineLogin>) =>
  ({
    kind: 'machine',
    flow: 'client-credentials',
    client_id: 'ci',
    account: 'ci',
    grant: {},
    ...fields,
  }) as MachineLogin;

test('a machine login is made again with its flow, its token sources and an account that is not the client id', () => {
  assert.equal(machineLoginArgs(machine({})), ' --flow client-credentials');
  const exchange = machine({
    flow: 'token-exchange',
    account: "deploy's",
    grant: {
      subject: { source: { kind: 'ci', ci: 'github-actions', audience: 'sts.example' }, token_type: 'urn:x:id' },
      assertion: { kind: 'file', path: '/run/jwt token' },
    },
  });
  assert.equal(
    machineLoginArgs(exchange),
    " --flow token-exchange --subject-token-from github-actions --subject-audience 'sts.example' " +
      "--subject-token-type urn:x:id --client-assertion-file '/run/jwt token' --account 'deploy'\\''s'",
  );
});

test('a subject token type a shell would split or run is quoted in the hint', () => {
  const odd = machine({
    flow: 'token-exchange',
    grant: { subject: { source: { kind: 'env', name: 'SUBJECT' }, token_type: 'urn:a b;echo hi' } },
  });
  assert.match(machineLoginArgs(odd), / --subject-token-type 'urn:a b;echo hi'/);
});
