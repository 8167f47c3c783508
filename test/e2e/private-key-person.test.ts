// private_key_jwt for a person's login: the browser flow's code exchange, the device flow's authorization and polling,
// and the refresh, each authenticated by a client assertion signed with --private-key-file, which oidc-provider
// checks against the client's registered key (it refuses this client any other way).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOOPBACK_REDIRECT_URIS } from '../../demo/idp.js';
import { runCli } from '../support/cli.js';
import { jwkKeyFile } from '../support/client-keys.js';
import { approveDeviceCode, dataHome, e2eSetup, loginWithBrowser, shownCode } from '../support/e2e.js';

const CLIENT_ID = 'signed-native';
const key = jwkKeyFile({ kid: 'person-key' });
const client = {
  client_id: CLIENT_ID,
  application_type: 'native',
  token_endpoint_auth_method: 'private_key_jwt',
  token_endpoint_auth_signing_alg: 'RS256',
  jwks: { keys: [key.publicJwk] },
  grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
  response_types: ['code'],
  redirect_uris: LOOPBACK_REDIRECT_URIS,
};
/** The grant type of every grant the signed client got, with the kid of the assertion that authenticated it. */
const grants: string[] = [];
const e = e2eSetup({ clients: [client] }, ({ idp }) => {
  type Ctx = { oidc: { client?: { clientId: string }; params?: Record<string, unknown> } };
  idp.provider.on('grant.success', (ctx: Ctx) => {
    if (ctx.oidc.client?.clientId !== CLIENT_ID) return;
    const jwt = String(ctx.oidc.params?.client_assertion);
    const { kid } = JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString());
    grants.push(`${ctx.oidc.params?.grant_type} ${kid}`);
  });
});

const args = () => ['demo', '--issuer', e.idp.issuer, '--client-id', CLIENT_ID, '--private-key-file', key.path];

test('browser flow with --private-key-file: the code exchange and the refresh are signed with the key', async () => {
  const env: NodeJS.ProcessEnv = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const login = await loginWithBrowser(e, [...args(), '--port', '0', '--json'], env);
  assert.equal(login.code, 0, login.stderr);
  assert.equal(JSON.parse(login.stdout).profile.id, 'ada');
  assert.deepEqual(grants.splice(0), ['authorization_code person-key']);
  const index = readFileSync(join(env.XDG_DATA_HOME as string, 'oauth-login', 'index.json'), 'utf8');
  assert.equal(JSON.parse(index).logins['demo:ada'].private_key_file, key.path, 'the path is kept for renewals');
  const refreshed = await runCli(['token', 'demo', '--min-ttl', '7200'], { ...e.hook.env, ...env }).done;
  assert.equal(refreshed.code, 0, refreshed.stderr);
  assert.deepEqual(grants.splice(0), ['refresh_token person-key'], 'the refresh signed with the key read again');
});

test('device flow with --private-key-file: the device authorization and the polling are signed with the key', async () => {
  const env: NodeJS.ProcessEnv = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const run = runCli([...args(), '--flow', 'device', '--no-browser', '--json'], env);
  await approveDeviceCode(e.browser, await shownCode(run));
  const done = await run.done;
  assert.equal(done.code, 0, done.stderr);
  assert.equal(JSON.parse(done.stdout).profile.id, 'ada');
  assert.deepEqual(grants.splice(0), ['urn:ietf:params:oauth:grant-type:device_code person-key']);
});
