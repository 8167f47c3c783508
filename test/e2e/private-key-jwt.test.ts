// private_key_jwt (RFC 7523 §2.2, OpenID Connect Core §9): the built CLI signs its client assertion with a key file;
// oidc-provider checks it against the client's registered public key.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Idp, startIdp } from '../../demo/idp.js';
import { runCli } from '../support/cli.js';
import { type ClientKeyFile, jwkKeyFile, pemKeyFile } from '../support/client-keys.js';
import { tempDir } from '../support/tmp.js';

const TTL = 3;
const CLIENT_ID = 'signed-ci';
let idp: Idp;
let key: ClientKeyFile;
let grants = 0;
// A client whose registered keys (by kid) include the one it rotates to: the login must follow the configured file.
const ROTATING_ID = 'rotating-ci';
const rotating = { old: jwkKeyFile({ kid: 'old' }), next: jwkKeyFile({ kid: 'next' }) };
/** Which registered key signed the client assertion of the rotating client's last grant. */
let lastKid: string | undefined;
const kidOf = (jwt: unknown) =>
  typeof jwt === 'string'
    ? JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()).kid
    : undefined;

before(async () => {
  console.info = () => {};
  key = pemKeyFile('ec');
  const client = {
    client_id: CLIENT_ID,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    jwks: { keys: [key.publicJwk] },
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  };
  const keys = [rotating.old.publicJwk, rotating.next.publicJwk];
  const rotatingClient = {
    ...client,
    client_id: ROTATING_ID,
    token_endpoint_auth_signing_alg: 'RS256',
    jwks: { keys },
  };
  idp = await startIdp({ ttl: TTL, clients: [client, rotatingClient] });
  idp.provider.on(
    'grant.success',
    (ctx: { oidc: { client?: { clientId: string }; params?: { client_assertion?: unknown } } }) => {
      if (ctx.oidc.client?.clientId === CLIENT_ID) grants++;
      if (ctx.oidc.client?.clientId === ROTATING_ID) lastKid = kidOf(ctx.oidc.params?.client_assertion);
    },
  );
});

after(async () => {
  await idp?.close();
});

const ciEnv = (): NodeJS.ProcessEnv => ({
  CI: 'true',
  XDG_DATA_HOME: tempDir('oauth-login-data-'),
  OAUTH_LOGIN_STORE: 'file',
});
const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, env).done;
const LOGIN = ['login', 'demo', '--flow', 'client-credentials', '--client-id', CLIENT_ID];

test('client credentials with --private-key-file: a machine login that keeps the path, re-minted after expiry', async () => {
  const env = ciEnv();
  const login = await cli(
    [...LOGIN, '--issuer', idp.issuer, '--private-key-file', key.path, '--json', '--show-tokens'],
    env,
  );
  assert.equal(login.code, 0, login.stderr);
  const first = JSON.parse(login.stdout).access_token;
  assert.ok(await idp.provider.ClientCredentials.find(first), 'a token the provider issued to the signed client');
  const index = readFileSync(join(env.XDG_DATA_HOME as string, 'oauth-login', 'index.json'), 'utf8');
  const stored = JSON.parse(index).logins[`demo:${CLIENT_ID}`];
  assert.deepEqual([stored.kind, stored.private_key_file], ['machine', key.path]);
  assert.ok(!index.includes(readFileSync(key.path, 'utf8').split('\n')[1] as string), 'the key is never stored');
  await sleep(TTL * 1000 + 300);
  const before = grants;
  const renewed = await cli(['token', 'demo', '--min-ttl', '0'], env);
  assert.equal(renewed.code, 0, renewed.stderr);
  assert.notEqual(renewed.stdout.trim(), first);
  assert.equal(grants, before + 1, 'one new grant, signed with the key read again');
  assert.ok(await idp.provider.ClientCredentials.find(renewed.stdout.trim()));
});

test('"private_key_file" in the config file is relative to that file', async () => {
  const config = join(tempDir('oauth-login-config-'), 'config.json');
  copyFileSync(key.path, join(dirname(config), 'ci.pem'));
  const entry = { issuer: idp.issuer, client_id: CLIENT_ID, private_key_file: 'ci.pem' };
  writeFileSync(config, JSON.stringify({ providers: { ci: { ...entry } } }));
  const env = ciEnv();
  const login = await cli(['login', 'ci', '--config', config, '--flow', 'client-credentials', '--json'], env);
  assert.equal(login.code, 0, login.stderr);
  assert.equal(JSON.parse(login.stdout).client_id, CLIENT_ID);
});

test('row 42: a key file other users can read is refused before any request, naming chmod 600', async () => {
  const loose = pemKeyFile('ec', {}, 0o644);
  const before = grants;
  const login = await cli([...LOGIN, '--issuer', idp.issuer, '--private-key-file', loose.path], ciEnv());
  assert.equal(login.code, 1);
  assert.match(login.stderr, new RegExp(`${loose.path}.*other users \\(mode 644\\)`));
  assert.ok(login.stderr.includes(`chmod 600 '${loose.path}'`), login.stderr);
  assert.equal(grants, before);
});

test('a rotated key: the stored login is not reused with OAUTH_LOGIN_<NAME>_PRIVATE_KEY_FILE naming another file', async () => {
  const env = ciEnv();
  const login = ['login', 'demo', '--flow', 'client-credentials', '--client-id', ROTATING_ID, '--issuer', idp.issuer];
  const first = await cli([...login, '--private-key-file', rotating.old.path], env);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(lastKid, 'old');
  const rotated = { ...env, OAUTH_LOGIN_DEMO_PRIVATE_KEY_FILE: rotating.next.path };
  const fresh = await cli(['token', 'demo', '--min-ttl', '0'], rotated);
  assert.equal(fresh.code, 0, 'a token still fresh needs no key: the fast path serves it without reading the config');
  const token = await cli(['token', 'demo', '--min-ttl', String(TTL + 60)], rotated); // a renewal signs
  assert.equal(token.code, 4, 'the stored login was made with the old key: a new login, not a grant signed with it');
  assert.ok(
    token.stderr.includes(`made with ${rotating.old.path}, and the key file configured now is ${rotating.next.path}`),
  );
  // The login was made at --issuer, not the demo preset's: the hint signs in there again.
  assert.ok(token.stderr.includes(`Run: oauth-login login demo --issuer '${idp.issuer}' --flow client-credentials\n`));
  const relogin = await cli(login, rotated); // the same command: no key flag, the variable names the key
  assert.equal(relogin.code, 0, relogin.stderr);
  assert.match(relogin.stderr, /Got a client-credentials token/, 'a new grant, not "Already have a valid token"');
  assert.equal(lastKid, 'next', 'signed with the key configured now');
  const after = await cli(['token', 'demo', '--min-ttl', '0'], rotated);
  assert.equal(after.code, 0, after.stderr);
});

test('`token ci` with "flow": "client-credentials" in the config: logs in by itself, and again when the key changes', async () => {
  const config = join(tempDir('oauth-login-config-'), 'config.json');
  const entry = { issuer: idp.issuer, client_id: ROTATING_ID, flow: 'client-credentials', private_key_file: 'ci.jwk' };
  copyFileSync(rotating.old.path, join(dirname(config), 'ci.jwk'));
  writeFileSync(config, JSON.stringify({ providers: { ci: entry } }));
  const env = { ...ciEnv(), OAUTH_LOGIN_CONFIG: config };
  const first = await cli(['token', 'ci', '--min-ttl', '0'], env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /Not logged in to ci\. Logging in with its configured client-credentials flow\./);
  assert.equal(lastKid, 'old');
  assert.ok(await idp.provider.ClientCredentials.find(first.stdout.trim()));
  const rotated = { ...env, OAUTH_LOGIN_CI_PRIVATE_KEY_FILE: rotating.next.path };
  const second = await cli(['token', 'ci', '--min-ttl', String(TTL + 60)], rotated); // a renewal: the key signs
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /key file configured now is .*Logging in with its configured client-credentials flow/);
  assert.equal(lastKid, 'next');
  assert.notEqual(second.stdout, first.stdout);
});
