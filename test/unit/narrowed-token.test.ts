// `token --scope/--resource/--audience` (docs/commands.md "token"): a narrowed token minted with the refresh token,
// cached per request shape, renewed like the login's own, never replacing the login's tokens or scope.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { tokenOption } from '../../src/cli/options.js';
import { runToken } from '../../src/commands/token.js';
import { run as fastPath } from '../../src/fast.js';
import type { LoginError } from '../../src/errors.js';
import { narrowKey } from '../../src/logins/narrowed.js';
import { findLogin, readSecret } from '../../src/logins/service.js';
import { loginKey } from '../../src/logins/types.js';
import { FileStore } from '../../src/store/file.js';
import { TOKEN_FLAGS, type TokenOptions } from '../../src/token-options.js';
import { CLIENT_SECRET } from '../support/fake-op.js';
import { fakeOpPerFile, inSeconds, machineLogin, personLogin, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';

const s = fakeOpPerFile();

const opts = (over: Partial<TokenOptions>): TokenOptions => ({ minTtl: 60, format: 'raw', ...over });

async function token(env: NodeJS.ProcessEnv, over: Partial<TokenOptions>): Promise<string> {
  const io = recordingIo(env);
  await runToken('fake', opts(over), io);
  return io.stdout.join('');
}

test('--scope mints a token with the narrower scope from the refresh token; the login keeps its own', async (t) => {
  const box = sandbox(t);
  const own = tokens(600, { refresh_token: 'rt-1', scope: 'openid profile email' });
  const login = await seed(box.logins, personLogin(s.op), own);
  const narrowed = await token(box.env, { scope: 'openid', format: 'json' });
  const request = s.op.lastTokenRequest;
  assert.equal(request.get('grant_type'), 'refresh_token');
  assert.equal(request.get('refresh_token'), 'rt-1');
  assert.equal(request.get('scope'), 'openid');
  const printed = JSON.parse(narrowed) as { access_token: string; scope: string; id_token: unknown };
  assert.equal(printed.scope, 'openid');
  assert.notEqual(printed.access_token, own.access_token);
  assert.equal(printed.id_token, null, "the login's ID token is not part of a narrowed token");
  const blob = await readSecret(box.logins, login);
  assert.equal(blob?.tokens.access_token, own.access_token, "the login's own access token is unchanged");
  assert.equal(blob?.tokens.scope, 'openid profile email', "the login's own scope is unchanged");
  assert.equal(findLogin(box.logins, 'fake')?.scope, 'openid profile email');
  assert.equal(await token(box.env, {}), own.access_token, 'plain token still prints the login’s own token');
});

test('a rotated refresh token from the narrowing refresh becomes the login’s refresh token', async (t) => {
  const box = sandbox(t);
  const login = await seed(box.logins, personLogin(s.op), tokens(600, { refresh_token: 'rt-old' }));
  await token(box.env, { scope: 'openid' });
  const rotated = (await readSecret(box.logins, login))?.tokens.refresh_token;
  assert.ok(rotated && rotated !== 'rt-old', 'the fake OP rotates: the new refresh token is stored');
  // The login's own renewal then uses it.
  s.op.reset();
  await token(box.env, { minTtl: 900 });
  assert.equal(s.op.lastTokenRequest.get('refresh_token'), rotated);
});

test('a second call within the narrowed token’s lifetime makes no request; the order of scopes does not matter', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(600, { refresh_token: 'rt' }));
  const first = await token(box.env, { scope: 'openid email' });
  assert.equal(await token(box.env, { scope: 'email  openid' }), first);
  assert.equal(s.op.count('token'), 1);
  assert.notEqual(await token(box.env, { scope: 'openid' }), first, 'another shape is another token');
  assert.equal(s.op.count('token'), 2);
});

test('an expired narrowed token is refreshed again with the same shape', async (t) => {
  const box = sandbox(t);
  const login = await seed(box.logins, personLogin(s.op), tokens(600, { refresh_token: 'rt' }));
  const narrow = { scope: 'openid', resource: ['https://api.example.test/'], audience: 'api' };
  const first = await token(box.env, narrow);
  const store = new FileStore(box.logins.dir);
  const blob = await readSecret(box.logins, login);
  const key = narrowKey(narrow);
  assert.ok(blob?.narrowed?.[key], 'cached under its request shape');
  if (blob?.narrowed?.[key]) blob.narrowed[key].expires_at = inSeconds(-10);
  await store.set(loginKey(login), JSON.stringify(blob));
  s.op.reset();
  const second = await token(box.env, narrow);
  assert.notEqual(second, first);
  assert.equal(s.op.count('token'), 1);
  const request = s.op.lastTokenRequest;
  assert.deepEqual(
    [request.get('scope'), request.getAll('resource'), request.get('audience')],
    ['openid', ['https://api.example.test/'], 'api'],
  );
});

test('--resource (repeatable) replaces the login’s resource on the refresh request (RFC 8707 §2.2)', async (t) => {
  const box = sandbox(t);
  const login = personLogin(s.op, { resource: 'https://login.example.test/' });
  await seed(box.logins, login, tokens(600, { refresh_token: 'rt' }));
  await token(box.env, { resource: ['https://b.example.test/', 'https://a.example.test/'] });
  assert.deepEqual(s.op.lastTokenRequest.getAll('resource'), ['https://b.example.test/', 'https://a.example.test/']);
  assert.equal(s.op.lastTokenRequest.get('scope'), null, 'no scope asked: the login’s');
});

test('without a refresh token: exit 1 saying why, with no request', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(600));
  await assert.rejects(runToken('fake', opts({ scope: 'openid' }), recordingIo(box.env)), (err: LoginError) => {
    assert.equal(err.code, 'no_refresh_token');
    assert.equal(err.exitCode, 1);
    assert.match(err.message, /no refresh token/);
    assert.match(err.hint ?? '', /oauth-login login fake/);
    // Runnable as written: the stored scope with offline_access, not a placeholder.
    assert.match(err.hint ?? '', /oauth-login login fake --scope 'openid profile email offline_access'/);
    return true;
  });
  assert.equal(s.op.count('token'), 0);
});

test('a machine login narrows by asking for its grant again with the narrower parameters', async (t) => {
  const box = sandbox(t);
  const login = machineLogin(s.op, { grant: { scope: 'api:read api:write', audience: 'api' } });
  const own = tokens(600);
  await seed(box.logins, login, own, CLIENT_SECRET);
  const printed = JSON.parse(await token(box.env, { scope: 'api:read', format: 'json' })) as { scope: string };
  assert.equal(s.op.lastTokenRequest.get('grant_type'), 'client_credentials');
  assert.equal(s.op.lastTokenRequest.get('scope'), 'api:read');
  assert.equal(s.op.lastTokenRequest.get('audience'), 'api', 'the stored grant keeps what was not narrowed');
  assert.equal(printed.scope, 'api:read');
  assert.equal((await readSecret(box.logins, login))?.tokens.access_token, own.access_token);
});

test('--id-token with narrowing, or an empty --scope, is a usage error before any request', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(600, { refresh_token: 'rt' }));
  const io = recordingIo(box.env);
  await assert.rejects(runToken('fake', opts({ scope: 'openid', idToken: true }), io), { code: 'usage' });
  await assert.rejects(runToken('fake', opts({ scope: '  ' }), io), { code: 'usage' });
  assert.equal(s.op.count('token'), 0);
});

test('the full CLI parses --scope, --audience and a repeated --resource; a resource that is no URI is refused', () => {
  const parse = (...args: string[]) => {
    const command = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    for (const key of Object.keys(TOKEN_FLAGS) as (keyof typeof TOKEN_FLAGS)[]) command.addOption(tokenOption(key));
    return command.parse(args, { from: 'user' }).opts<TokenOptions>();
  };
  const opts = parse(
    '--scope',
    'openid email',
    '--resource',
    'https://a.test/',
    '--resource',
    'urn:x',
    '--audience',
    'api',
  );
  assert.deepEqual([opts.scope, opts.resource, opts.audience], ['openid email', ['https://a.test/', 'urn:x'], 'api']);
  assert.throws(() => parse('--resource', 'not a uri'), /must be an absolute URI/);
});

test('the fast path answers plain token from the store but leaves a narrowed token to the full CLI', async (t) => {
  const box = sandbox(t);
  await seed(box.logins, personLogin(s.op), tokens(600, { refresh_token: 'rt' }));
  const saved = { ...process.env };
  Object.assign(process.env, box.env);
  t.after(() => {
    for (const key of Object.keys(box.env)) delete process.env[key];
    Object.assign(process.env, saved);
  });
  for (const flags of [
    ['--scope', 'openid'],
    ['--resource', 'https://a.test/'],
    ['--audience', 'api'],
  ])
    assert.equal(await fastPath(['token', 'fake', ...flags]), undefined, flags.join(' '));
  assert.equal(s.op.count('token'), 0);
  // Plain `token` is still answered here (it prints the stored token on fd 1).
  assert.equal(await fastPath(['token', 'fake']), 0);
});

test('a scope the grant does not hold (invalid_scope) exits 1 with the provider’s answer; the login is untouched', async (t) => {
  const box = sandbox(t);
  const own = tokens(600, { refresh_token: 'rt' });
  const login = await seed(box.logins, personLogin(s.op), own);
  s.op.reset({ token: { status: 400, body: '{"error":"invalid_scope","error_description":"admin not granted"}' } });
  await assert.rejects(runToken('fake', opts({ scope: 'admin' }), recordingIo(box.env)), (err: LoginError) => {
    assert.equal(err.exitCode, 1);
    assert.match(`${err.message} ${err.hint ?? ''}`, /invalid_scope|admin not granted/);
    return true;
  });
  assert.deepEqual((await readSecret(box.logins, login))?.tokens, own);
});
