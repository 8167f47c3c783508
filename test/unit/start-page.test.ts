// test/HOSTILE.md row 35: the browser gets a one-time start page, and the callback is accepted only from it.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { acceptCallback } from '../../src/flows/auth-code.js';
import { startLoopback } from '../../src/loopback.js';

const STATE = 'start-state';
const AUTHORIZE = 'https://op.example/authorize?state=start-state&code_challenge=c';

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listening(t: { after(fn: () => Promise<void>): void }) {
  const loopback = await startLoopback({
    redirectUri: new URL('http://localhost:0/callback'),
    accept: acceptCallback(STATE),
    signal: new AbortController().signal,
  });
  t.after(() => loopback.close());
  return loopback;
}

test('row 35: the start page redirects to the provider once and sets a cookie for the callback path', async (t) => {
  const loopback = await listening(t);
  const start = loopback.startPage(AUTHORIZE);
  assert.ok(!start.url.includes('state') && !start.url.includes('challenge'), 'nothing of the login in what argv sees');
  const first = await get(start.url);
  assert.equal(first.status, 302);
  assert.equal(first.headers.location, AUTHORIZE);
  assert.match(
    String(first.headers['set-cookie']),
    /^oauth_login_\d+=[\w-]{43}; Path=\/callback; HttpOnly; SameSite=Lax$/,
  );
});

test('row 35: a callback without the start page cookie is refused (400) and the listener keeps waiting', async (t) => {
  const loopback = await listening(t);
  const start = loopback.startPage(AUTHORIZE);
  const cookie = String((await get(start.url)).headers['set-cookie']).split(';')[0] as string;
  const callback = `${new URL(loopback.redirectUri).origin}/callback?code=stolen&state=${STATE}`;
  assert.equal((await get(callback)).status, 400, 'a code delivered by someone else');
  assert.equal((await get(callback, { cookie: `${cookie}x` })).status, 400, 'a wrong cookie');
  const real = get(callback.replace('stolen', 'real'), { cookie });
  const accepted = await loopback.callback;
  assert.equal(accepted.params.get('code'), 'real');
  await accepted.reply({ status: 200, title: 'Signed in', message: 'ok' });
  assert.equal((await real).status, 200);
});

test('row 35: a start page opened twice stops the login loudly', async (t) => {
  const loopback = await listening(t);
  const start = loopback.startPage(AUTHORIZE);
  assert.equal((await get(start.url)).status, 302);
  const second = await get(start.url);
  assert.equal(second.status, 409);
  await assert.rejects(loopback.callback, { code: 'start_reused', message: /opened twice/ });
});

test('row 35: a pasted redirect URL needs no cookie (it comes from the person’s own terminal)', async (t) => {
  const loopback = await listening(t);
  loopback.startPage(AUTHORIZE);
  const refusal = loopback.submit(`${loopback.redirectUri}?code=pasted&state=${STATE}`);
  assert.equal(refusal, undefined);
  assert.equal((await loopback.callback).params.get('code'), 'pasted');
});

test('row 35: a cancelled start page (no browser started) asks no cookie of the callback', async (t) => {
  const loopback = await listening(t);
  loopback.startPage(AUTHORIZE).cancel();
  const callback = get(`${loopback.redirectUri}?code=direct&state=${STATE}`);
  const accepted = await loopback.callback;
  await accepted.reply({ status: 200, title: 'Signed in', message: 'ok' });
  assert.equal((await callback).status, 200);
});
