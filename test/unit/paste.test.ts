import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { afterEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { acceptCallback } from '../../src/flows/auth-code.js';
import { type Loopback, startLoopback } from '../../src/loopback.js';
import { acceptPastedUrls } from '../../src/paste.js';
import type { Ui } from '../../src/ui.js';
import { rawRequest } from '../support/http.js';

const STATE = 'expected-state-value';
let current: Loopback | undefined;

async function listen(): Promise<Loopback> {
  current = await startLoopback({
    redirectUri: new URL('http://localhost:0/callback'),
    accept: acceptCallback(STATE),
    signal: new AbortController().signal,
  });
  return current;
}

afterEach(async () => {
  await current?.close();
  current = undefined;
});

const pending = async (loopback: Loopback) =>
  (await Promise.race([loopback.callback.then(() => 'settled'), sleep(30, 'pending')])) === 'pending';

const refusals: [string, (base: string) => string, RegExp][] = [
  ['not a URL', () => 'code=abc&state=x', /Not the redirect URL/],
  ['another port', (b) => `${b.replace(/:\d+/, ':1')}?code=c&state=${STATE}`, /Not the redirect URL/],
  ['another host spelling', (b) => `${b.replace('localhost', '127.0.0.1')}?code=c&state=${STATE}`, /Not the redirect/],
  ['another path', (b) => `${b.replace('/callback', '/other')}?code=c&state=${STATE}`, /Not the redirect URL/],
  ['https instead of http', (b) => `${b.replace('http:', 'https:')}?code=c&state=${STATE}`, /Not the redirect URL/],
  ['the wrong state', (b) => `${b}?code=c&state=forged`, /Unknown sign-in response/],
  ['no code and no error', (b) => `${b}?state=${STATE}`, /Incomplete sign-in response/],
  ['a repeated parameter', (b) => `${b}?code=c&code=d&state=${STATE}`, /Bad request/],
];

for (const [what, make, title] of refusals) {
  test(`a pasted URL with ${what} is refused and the listener keeps waiting`, async () => {
    const loopback = await listen();
    const refusal = loopback.submit(make(loopback.redirectUri));
    assert.match(refusal?.title ?? 'accepted', title);
    assert.ok(await pending(loopback));
  });
}

test('the right pasted URL is the callback; a later request or paste gets "already signing in"', async () => {
  const loopback = await listen();
  assert.equal(loopback.submit(`  ${loopback.redirectUri}?code=abc&state=${STATE}&iss=x  `), undefined);
  const callback = await loopback.callback;
  assert.equal(callback.params.get('code'), 'abc');
  assert.equal(callback.params.get('iss'), 'x', 'iss is passed on for the flow to check');
  await callback.reply({ status: 200, title: 'ok', message: 'nobody reads this' });
  assert.equal(loopback.submit(`${loopback.redirectUri}?code=abc&state=${STATE}`)?.status, 409);
  const port = Number(new URL(loopback.redirectUri).port);
  assert.equal((await rawRequest(port, `/callback?code=abc&state=${STATE}`)).status, 409);
});

test('a real request first wins over a later paste', async () => {
  const loopback = await listen();
  const port = Number(new URL(loopback.redirectUri).port);
  const request = rawRequest(port, `/callback?code=from-browser&state=${STATE}`);
  const callback = await loopback.callback;
  assert.equal(loopback.submit(`${loopback.redirectUri}?code=pasted&state=${STATE}`)?.status, 409);
  assert.equal(callback.params.get('code'), 'from-browser');
  await callback.reply({ status: 200, title: 'ok', message: 'ok' });
  assert.equal((await request).status, 200);
});

function recordingUi(warnings: string[]): Ui {
  const nothing = () => {};
  return {
    info: nothing,
    success: nothing,
    prompt: nothing,
    error: nothing,
    notice: nothing,
    warn: (text) => warnings.push(text),
    waiting: () => ({ stop: nothing }),
  };
}

test('pasted lines: a refused one is explained without echoing it, then the right one completes', async () => {
  const loopback = await listen();
  const input = new PassThrough();
  const warnings: string[] = [];
  const paste = acceptPastedUrls(input, loopback, recordingUi(warnings));
  input.write(`\n${loopback.redirectUri}?code=secret-code&state=forged\n`);
  await sleep(20);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /Refused the pasted URL \(Unknown sign-in response: .*\); still waiting/);
  assert.ok(!warnings[0]?.includes('secret-code'), 'the pasted text is never echoed');
  assert.ok(await pending(loopback));
  // Bracketed-paste markers around the URL are not part of it.
  input.write(`\u001b[200~${loopback.redirectUri}?code=abc&state=${STATE}\u001b[201~\r\n`);
  assert.equal((await loopback.callback).params.get('code'), 'abc');
  paste.stop();
});
