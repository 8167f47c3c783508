// Nothing ignored silently (README "login"): an option that cannot apply to what was asked is a usage error (exit 1),
// refused before any request, listener or browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LoginOptions, runLogin } from '../../src/commands/login.js';
import { ExitCode } from '../../src/errors.js';
import { CLIENT_ID } from '../support/fake-op.js';
import { fakeOpPerFile, sandbox } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';

const s = fakeOpPerFile();

const refused: [Partial<LoginOptions>, string, string?][] = [
  [{ showTokens: true }, '--show-tokens applies only with --json: tokens are never printed as text.', 'Add --json.'],
  [
    { audience: 'https://api.example' },
    '--resource and --audience apply only to --flow client-credentials or token-exchange.',
  ],
  [
    { resource: ['https://api.example/'], flow: 'device' },
    '--resource and --audience apply only to --flow client-credentials or token-exchange.',
  ],
  [
    { flow: 'device', port: 0 },
    '--port does not apply to --flow device: the device flow has no callback listener.',
    'Leave it out, or drop --flow to sign in in a browser.',
  ],
  [
    { flow: 'device', redirectUri: 'http://127.0.0.1:5000/callback' },
    '--redirect-uri does not apply to --flow device: the device flow has no callback listener.',
  ],
  [
    { flow: 'client-credentials', port: 5000, browserCommand: 'firefox' },
    '--port and --browser-command do not apply to --flow client-credentials: no person and no browser take part.',
  ],
  [
    { authorizationServer: 'https://as.example' },
    '--authorization-server applies only to a login from a resource URL: a named provider has its issuer.',
    'Leave it out, or use --issuer URL to name the server.',
  ],
  [
    { register: true },
    "--register applies only to a login from a resource URL: a named provider's client is configured.",
    'Leave it out, or use --client-id ID.',
  ],
  [
    { flow: 'client-credentials', browser: false },
    '--no-browser does not apply to --flow client-credentials: no person and no browser take part.',
  ],
];

for (const [flags, message, hint] of refused) {
  test(`refused: ${message}`, async (t) => {
    const box = sandbox(t);
    const options = { issuer: s.op.issuer, clientId: CLIENT_ID, timeout: 5, ...flags };
    const expected = { code: 'usage', exitCode: ExitCode.error, message, ...(hint ? { hint } : {}) };
    await assert.rejects(runLogin('fake', options, recordingIo(box.env)), expected);
    assert.equal(s.op.count('discovery'), 0, 'nothing was sent');
  });
}

test('--no-browser still applies to --flow device (it would open the verification page)', async (t) => {
  const box = sandbox(t);
  s.op.reset({ discovery: { device_authorization_endpoint: undefined } });
  const options = { issuer: s.op.issuer, clientId: CLIENT_ID, timeout: 5, flow: 'device' as const, browser: false };
  // Past the option checks: the flow itself runs and finds that this OP has no device endpoint.
  await assert.rejects(
    runLogin('fake', options, recordingIo(box.env)),
    (err: { code?: string }) => err.code !== 'usage',
  );
  assert.equal(s.op.count('discovery'), 1);
});
