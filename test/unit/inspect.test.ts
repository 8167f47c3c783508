// inspect (docs/commands.md "inspect"): the stored tokens decoded, each marked verified or not (and why), never a
// token printed; --introspect asks the provider's RFC 7662 endpoint, or says it has none.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInspect } from '../../src/commands/inspect.js';
import { ExitCode, LoginError } from '../../src/errors.js';
import { leakedSecrets } from '../support/fake-op.js';
import { fakeOpPerFile, personLogin, type Sandbox, sandbox, seed, tokens } from '../support/inproc.js';
import { recordingIo } from '../support/io.js';

const s = fakeOpPerFile();

async function inspect(box: Sandbox, options: Parameters<typeof runInspect>[1] = {}) {
  const io = recordingIo(box.env);
  await runInspect('fake', options, io);
  const stdout = io.stdout.join('\n');
  assert.deepEqual(leakedSecrets([stdout, io.stderrText()], s.op.issued), [], 'no token is printed');
  return { stdout, json: options.json ? JSON.parse(stdout) : undefined };
}

async function seedWith(box: Sandbox, extra: Parameters<typeof tokens>[1], login = {}) {
  const t = tokens(3600, extra);
  s.op.issued.add(t.access_token);
  await seed(box.logins, personLogin(s.op, { jwks_uri: `${s.op.issuer}/jwks`, ...login }), t);
}

test('an ID token the issuer signed is marked verified, with its claims and exp as local time and "expires in"', async (t) => {
  const box = sandbox(t);
  await seedWith(box, { id_token: await s.op.mintIdToken() });
  const { stdout } = await inspect(box);
  assert.match(stdout, /^ID token \(✓ signature verified\)$/m);
  assert.match(stdout, /^ {4}alg: RS256$/m);
  assert.match(stdout, /^ {4}kid: k1$/m);
  assert.match(stdout, /^ {4}sub: ada$/m);
  assert.match(stdout, /^ {4}exp: \d+ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d, expires in (59 min|1 h)\)$/m);
  assert.match(stdout, /^ {4}iat: \d+ \(.*, issued \d+ s ago\)$/m);
  assert.match(stdout, /^access token: opaque \(not a JWT\)/m);
});

test('an expired ID token the issuer signed is still verified, and said to have expired', async (t) => {
  const box = sandbox(t);
  s.op.reset({ clockOffsetS: -7200 });
  await seedWith(box, { id_token: await s.op.mintIdToken() });
  const { json } = await inspect(box, { json: true });
  assert.equal(json.id_token.verified, true);
  const { stdout } = await inspect(box);
  assert.match(stdout, /^ {4}exp: \d+ \(.*, expired 1 h ago\)$/m);
});

test('an ID token signed by a key the issuer does not publish is marked not verified, with the reason', async (t) => {
  const box = sandbox(t);
  await seedWith(box, { id_token: await s.op.mintIdToken({ signature: 'unknown-key' }) });
  const { stdout } = await inspect(box);
  assert.match(
    stdout,
    /^ID token \(! signature not verified: The ID token is signed with a key the provider does not publish\.\)$/m,
  );
  assert.match(stdout, /^ {4}kid: not-published$/m, 'its header is still shown');
  const { json } = await inspect(box, { json: true });
  assert.equal(json.id_token.verified, false);
  assert.match(json.id_token.reason, /a key the provider does not publish/);
});

test('a login stored without the key set address finds it through discovery', async (t) => {
  const box = sandbox(t);
  await seedWith(box, { id_token: await s.op.mintIdToken({ signature: 'tampered' }) }, { jwks_uri: undefined });
  const { json } = await inspect(box, { json: true });
  assert.equal(s.op.count('discovery'), 1);
  assert.equal(json.id_token.verified, false);
  assert.match(json.id_token.reason, /signature is invalid/);
});

test('a JWT access token: its claims, marked as not verifiable by a client', async (t) => {
  const box = sandbox(t);
  const at = await s.op.mintJwtAccessToken({ scope: 'api:read api:write' });
  await seedWith(box, { access_token: at });
  const { stdout } = await inspect(box);
  assert.match(
    stdout,
    /^access token \(! signature not verified: an access token is for the API that accepts it; a client cannot verify it/m,
  );
  assert.match(stdout, /^ {4}typ: at\+jwt$/m);
  assert.match(stdout, /^ {4}scope: api:read api:write$/m);
  assert.match(stdout, /^ID token: none stored$/m);
});

test('--json: { id_token: { header, claims, verified, reason }, access_token: … }, opaque as null parts', async (t) => {
  const box = sandbox(t);
  await seedWith(box, { id_token: await s.op.mintIdToken({ claims: { name: 'Ada\u009b31mEvil' } }) });
  const { stdout, json } = await inspect(box, { json: true });
  assert.deepEqual(Object.keys(json), ['id_token', 'access_token']);
  assert.deepEqual(Object.keys(json.id_token), ['header', 'claims', 'verified', 'reason']);
  assert.deepEqual(json.id_token.header, { alg: 'RS256', typ: 'JWT', kid: 'k1' });
  assert.equal(json.id_token.claims.iss, s.op.issuer);
  assert.equal(json.id_token.verified, true);
  assert.equal(json.id_token.reason, null);
  assert.deepEqual(json.access_token, { header: null, claims: null, verified: false, reason: 'opaque: not a JWT' });
  assert.equal(json.id_token.claims.name, 'Ada\u009b31mEvil', 'the same data');
  assert.ok(!stdout.includes('\u009b') && stdout.includes('\\u009b'), 'C1 controls are escaped in the JSON text');
  const text = await inspect(box);
  assert.match(text.stdout, /^ {4}name: AdaEvil$/m, 'and removed from the text (with the sequence it starts)');
});

test('--introspect: the provider’s answer about the access token, asked with the client id', async (t) => {
  const box = sandbox(t);
  s.op.reset({ discovery: { introspection_endpoint: `${s.op.issuer}/introspect` }, introspect: { scope: 'openid' } });
  await seedWith(box, {});
  const { json } = await inspect(box, { json: true, introspect: true });
  assert.deepEqual(json.introspection, { active: true, client_id: 'hostile-client', sub: 'ada', scope: 'openid' });
  assert.equal(s.op.introspected[0]?.get('token_type_hint'), 'access_token');
  const { stdout } = await inspect(box, { introspect: true });
  assert.match(stdout, /^ {2}introspection \(the provider’s answer\):\n {4}active: true$/m);
});

test('--introspect at a provider with no introspection endpoint fails saying so', async (t) => {
  const box = sandbox(t);
  await seedWith(box, {});
  await assert.rejects(
    runInspect('fake', { introspect: true }, recordingIo(box.env)),
    (err: unknown) =>
      err instanceof LoginError && /has no introspection_endpoint \(RFC 7662\)/.test(err.message) && !!err.hint,
  );
});

test('inspect with nothing stored needs a login (exit 4)', async (t) => {
  const box = sandbox(t);
  await assert.rejects(
    runInspect('fake', {}, recordingIo(box.env)),
    (err: unknown) => err instanceof LoginError && err.exitCode === ExitCode.needsLogin,
  );
});
