// Quirks of GitHub and GitHub Enterprise Server (test/support/providers/github.ts), each a named test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceFlow } from '../../src/flows/device.js';
import type { FlowContext } from '../../src/flows/types.js';
import { storedLoginFor } from '../../src/logins/entries.js';
import { type ProviderFlags, resolveProvider } from '../../src/providers/resolve.js';
import { recordingUi } from '../support/io.js';
import { github } from '../support/providers/github.js';
import { fakeClock } from '../support/providers/network.js';

const ctx = (): FlowContext => ({
  ui: recordingUi(),
  signal: new AbortController().signal,
  deadline: Date.now() + 3_600_000,
  browser: { kind: 'none' },
  clock: fakeClock(),
});
const gh = (flags: ProviderFlags = {}, entry = {}) =>
  resolveProvider(
    'github',
    { path: '/c', providers: { github: entry } },
    {},
    { clientId: 'Iv1.8a61f9b3a7aba766', flow: 'device', ...flags },
  );

test('github: the device flow, with errors answered as HTTP 200, JSON asked for, and the e-mail from /user/emails', async (t) => {
  const net = github(undefined, undefined, ['authorization_pending', 'slow_down']);
  t.after(() => net.restore());
  const login = await deviceFlow(gh(), ctx());
  assert.equal(login.kind === 'person' && login.profile.email, 'octocat@github.example');
  assert.equal(login.kind === 'person' && login.profile.username, 'octocat');
  assert.ok(
    net.seen.every((r) => r.headers.get('user-agent')?.startsWith('oauth-login/')),
    'every request has a User-Agent',
  );
  assert.equal(net.to('/login/oauth/access_token').length, 3);
});

test('github --host: GitHub Enterprise Server endpoints on that host, and no request to github.com', async (t) => {
  const net = github('https://ghes.corp.example', 'https://ghes.corp.example/api/v3');
  t.after(() => net.restore());
  const provider = gh({ host: 'ghes.corp.example' });
  const login = await deviceFlow(provider, ctx());
  assert.equal(login.kind === 'person' && login.profile.username, 'octocat');
  assert.deepEqual(net.hosts(), ['ghes.corp.example']);
  // Stored with its host: a new sign-in (the needs-login hint, git's or kubectl's helper) goes there again.
  assert.equal(storedLoginFor(login, provider, 'octocat', 'file').host, 'ghes.corp.example');
});

test("github entry overriding the endpoints with another host: the preset's api.github.com is never sent the token", async (t) => {
  const web = 'https://ghes.corp.example';
  const net = github(web, `${web}/api/v3`);
  t.after(() => net.restore());
  const entry = {
    device_authorization_endpoint: `${web}/login/device/code`,
    token_endpoint: `${web}/login/oauth/access_token`,
    userinfo_endpoint: `${web}/api/v3/user`,
  };
  const login = await deviceFlow(gh({}, entry), ctx());
  assert.equal(login.kind === 'person' && login.profile.username, 'octocat');
  assert.deepEqual(
    net.hosts(),
    ['ghes.corp.example'],
    'userinfo_endpoint is the profile endpoint; emails_url of github.com dropped',
  );
});

test('a profile_url and a different userinfo_endpoint is a config error; --host for a provider without one is an error', () => {
  assert.throws(() => gh({}, { userinfo_endpoint: 'https://api.github.com/me' }), {
    code: 'config_invalid',
  });
  assert.throws(
    () =>
      resolveProvider('google', { path: '/c', providers: {} }, {}, { clientId: 'x', host: 'accounts.corp.example' }),
    { code: 'usage', message: /--host .* applies only to providers with a self-hosted edition, not "google"/ },
  );
  assert.throws(() => gh({ host: 'bad/host' }), { code: 'usage' });
});
