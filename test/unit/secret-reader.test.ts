import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { completeTypes, unmarshal, type Value, Writer } from '../../src/store/dbus-marshal.js';
import { methodCall, parseMessage, replyValues } from '../../src/store/dbus-wire.js';
import { KeychainStore } from '../../src/store/keychain.js';
import { PLAIN_REFUSED, readSecretItem } from '../../src/store/secret-reader.js';
import { type Answers, busMessage, fakeSecretService, HEALTHY } from '../support/fake-secret-service.js';

const ITEM = '/org/freedesktop/secrets/collection/login/7';
const SESSION = '/org/freedesktop/secrets/session/s1';
const ATTRIBUTES = { service: 'oauth-login', username: 'github:octocat' };
/** Long enough that a read which wrongly waited for it fails the test's own bound. */
const LONG_TIMEOUT_MS = 20_000;

const secretOf = (text: string) => ({
  signature: '(oayays)',
  values: [[SESSION, Buffer.alloc(0), Buffer.from(text, 'utf8'), 'text/plain']],
});
const withItems = (unlocked: string[], locked: string[] = []): Answers => ({
  ...HEALTHY,
  SearchItems: () => ({ signature: 'aoao', values: [unlocked, locked] }),
  GetSecret: () => secretOf('{"tokens":{"access_token":"tok-ü-✓"}}'),
});

async function read(answers: Answers, timeoutMs = LONG_TIMEOUT_MS) {
  const bus = await fakeSecretService(answers);
  const outcome = await readSecretItem({ DBUS_SESSION_BUS_ADDRESS: bus.address }, timeoutMs, ATTRIBUTES);
  return { outcome, calls: bus.calls };
}

test('completeTypes splits a signature into its complete types', () => {
  assert.deepEqual(completeTypes('sa{ss}v(oayays)ao'), ['s', 'a{ss}', 'v', '(oayays)', 'ao']);
  assert.throws(() => completeTypes('(os'), /unbalanced/);
  assert.throws(() => completeTypes('x'), /unsupported/);
});

test('a{ss} is written as the spec lays it out: length, padding to 8, entries aligned to 8', () => {
  const bytes = new Writer().write('a{ss}', [['k', 'v']]).toBuffer();
  // length 14 (entry: "k" 4+2, pad 2, "v" 4+2), then 4 bytes of padding before the first entry
  assert.equal(bytes.toString('hex'), `0e000000${'00'.repeat(4)}010000006b000000010000007600`);
});

test('values round-trip through the writer and the reader, in both byte orders', () => {
  const signature = 'sva{ss}ao(oayays)bu';
  const values: Value[] = [
    'plain',
    { signature: 's', value: '' },
    [
      ['service', 'oauth-login'],
      ['username', 'ü'],
    ],
    ['/a', '/b/c'],
    [SESSION, Buffer.from([1, 2]), Buffer.from('secret'), 'text/plain'],
    true,
    4_000_000_000,
  ];
  const w = new Writer();
  for (const [i, t] of completeTypes(signature).entries()) w.write(t, values[i] as Value);
  assert.deepEqual(unmarshal(signature, w.toBuffer()), values);
  // Big-endian: the same value as a big-endian peer sends it.
  assert.deepEqual(unmarshal('u', Buffer.from([0, 0, 1, 2]), false), [258]);
});

test('a truncated body, an array longer than its message, and an over-deep variant are refused', () => {
  const body = new Writer().write('s', 'abcdef').toBuffer();
  assert.throws(() => unmarshal('s', body.subarray(0, 6)), /truncated/);
  assert.throws(() => unmarshal('ao', Buffer.from([0xff, 0, 0, 0])), /truncated/);
  const deep = Buffer.concat([...Array.from({ length: 70 }, () => Buffer.from([1, 0x76, 0])), Buffer.from([0])]);
  assert.throws(() => unmarshal('v', deep), /nested too deeply|truncated/);
});

test('a Secret Service reply (GetSecret) parses into session, parameters, value and content type', () => {
  const reply = parseMessage(busMessage(2, 9, 5, secretOf('hello')));
  assert.ok(reply);
  assert.equal(reply.message.replySerial, 5);
  const [secret] = replyValues(reply.message) as [Value[]];
  assert.equal(secret[0], SESSION);
  assert.equal((secret[2] as Buffer).toString(), 'hello');
  assert.equal(secret[3], 'text/plain');
});

test('SearchItems is a call with an a{ss} argument that the reader reads back', () => {
  const call = methodCall(3, {
    destination: 'org.freedesktop.secrets',
    path: '/org/freedesktop/secrets',
    interface: 'org.freedesktop.Secret.Service',
    member: 'SearchItems',
    signature: 'a{ss}',
    args: [Object.entries(ATTRIBUTES)],
  });
  const parsed = parseMessage(call)?.message;
  assert.equal(parsed?.member, 'SearchItems');
  assert.equal(parsed?.signature, 'a{ss}');
  assert.deepEqual(replyValues(parsed as never), [Object.entries(ATTRIBUTES)]);
});

test('the one matching item is read in a plain session, searched by service and username', async () => {
  const { outcome, calls } = await read(withItems([ITEM]));
  assert.deepEqual(outcome, { ok: true, value: '{"tokens":{"access_token":"tok-ü-✓"}}' });
  const open = calls.find((c) => c.member === 'OpenSession');
  assert.deepEqual(replyValues(open as never), ['plain', { signature: 's', value: '' }]);
  const search = calls.find((c) => c.member === 'SearchItems');
  assert.deepEqual(replyValues(search as never), [Object.entries(ATTRIBUTES)]);
  const get = calls.find((c) => c.member === 'GetSecret');
  assert.equal(get?.path, ITEM);
  assert.deepEqual(replyValues(get as never), [SESSION]);
});

test('a missing item is no value, not an error, and no secret is asked for', async () => {
  const { outcome, calls } = await read(withItems([]));
  assert.deepEqual(outcome, { ok: true, value: undefined });
  assert.ok(!calls.some((c) => c.member === 'GetSecret'));
});

test('a locked item is reported as locked, and neither unlocked nor read', async () => {
  const { outcome, calls } = await read(withItems([], [ITEM]));
  assert.deepEqual(outcome, { ok: false, code: 'keychain_locked', reason: 'the keyring holding it is locked' });
  assert.deepEqual(calls.map((c) => c.member).sort(), ['Get', 'Hello', 'OpenSession', 'ReadAlias', 'SearchItems']);
});

const LOCKED_DEFAULT = { Get: () => ({ signature: 'v', values: [{ signature: 'b', value: true }] }) };

test('a locked default keyring is reported as locked when no secret was read, and nothing is unlocked', async () => {
  for (const [what, answers] of [
    ['no item found', { ...withItems([]), ...LOCKED_DEFAULT }],
    ['the item locked', { ...withItems([], [ITEM]), ...LOCKED_DEFAULT }],
  ] as const) {
    const { outcome, calls } = await read(answers);
    const reason = 'the keyring /org/freedesktop/secrets/collection/login is locked';
    assert.deepEqual(outcome, { ok: false, code: 'keychain_locked', reason }, what);
    assert.ok(!calls.some((c) => c.member === 'Unlock'), what);
  }
});

test('no default keyring, and no item found: unavailable, naming the missing keyring (a locked KeePassXC)', async () => {
  const { outcome } = await read({ ...withItems([]), ReadAlias: () => ({ signature: 'o', values: ['/'] }) });
  assert.deepEqual(outcome, {
    ok: false,
    code: 'keychain_unavailable',
    reason: 'the Secret Service has no default keyring (collection) to store tokens in',
  });
});

test('an item found unlocked is read in two round trips, without asking about the default keyring', async () => {
  // It lives in an unlocked collection, whatever state the default one is in: the binding would read it too.
  const { outcome, calls } = await read({ ...withItems([ITEM]), ...LOCKED_DEFAULT });
  assert.deepEqual(outcome, { ok: true, value: '{"tokens":{"access_token":"tok-ü-✓"}}' });
  assert.deepEqual(
    calls.map((c) => c.member),
    ['Hello', 'OpenSession', 'SearchItems', 'GetSecret'],
  );
});

test('an IsLocked error from GetSecret is locked too', async () => {
  const { outcome } = await read({
    ...withItems([ITEM]),
    GetSecret: () => ({ error: 'org.freedesktop.Secret.Error.IsLocked' }),
  });
  assert.equal(outcome.ok ? '' : outcome.code, 'keychain_locked');
});

test('two matching items are an error naming the attributes, as the binding refuses them', async () => {
  const { outcome } = await read(withItems([ITEM, `${ITEM}8`]));
  assert.ok(!outcome.ok && outcome.code === 'keychain_failed', JSON.stringify(outcome));
  assert.match(outcome.reason, /2 keychain items have the attributes service="oauth-login" username="github:octocat"/);
});

test('a service that refuses the plain algorithm hands the read back to the binding', async () => {
  const { outcome } = await read({
    ...HEALTHY,
    OpenSession: () => ({ error: 'org.freedesktop.DBus.Error.NotSupported' }),
  });
  assert.deepEqual(outcome, { ok: true, value: PLAIN_REFUSED });
});

test('a reply of the wrong shape, or a secret that is not UTF-8, fails and names what came', async () => {
  const wrong = await read({ ...HEALTHY, SearchItems: () => ({ signature: 'ao', values: [[ITEM]] }) });
  assert.ok(!wrong.outcome.ok && /answered SearchItems with "ao", not "aoao"/.test(wrong.outcome.reason));
  const binary = { signature: '(oayays)', values: [[SESSION, Buffer.alloc(0), Buffer.from([0xff, 0xfe]), 'x']] };
  const bad = await read({ ...withItems([ITEM]), GetSecret: () => binary });
  assert.ok(!bad.outcome.ok && /not UTF-8/.test(bad.outcome.reason), JSON.stringify(bad.outcome));
});

test('a Secret Service that stops answering mid-read times out within the bound, naming it', async () => {
  const { outcome } = await read({ ...withItems([ITEM]), GetSecret: () => 'silent' }, 300);
  assert.deepEqual(outcome, {
    ok: false,
    code: 'keychain_timeout',
    reason: 'the Secret Service (org.freedesktop.secrets) did not answer within 0.3 s',
  });
});

test('KeychainStore.get reads through the bus without loading the native binding', async () => {
  const bus = await fakeSecretService(withItems([ITEM]));
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  try {
    assert.equal(await new KeychainStore().get('github:octocat'), '{"tokens":{"access_token":"tok-ü-✓"}}');
  } finally {
    process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  }
  const loaded = Object.keys(createRequire(import.meta.url).cache);
  assert.ok(!loaded.some((path) => path.includes('@napi-rs')), loaded.filter((p) => p.includes('napi')).join());
});
