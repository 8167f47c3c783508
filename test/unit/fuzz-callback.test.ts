// Property tests of the callback listener (src/loopback.ts checkRequest + startLoopback, and acceptCallback from
// src/flows/auth-code.ts) with real HTTP requests: arbitrary methods, paths, query strings, headers and raw bytes
// never crash it, never get a callback accepted without the right state, and always get a 4xx.
// FUZZ_RUNS scales the number of runs (scripts/fuzz.mjs); the default keeps this file within a few seconds.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { acceptCallback } from '../../src/flows/auth-code.js';
import { type Loopback, startLoopback } from '../../src/loopback.js';
import { checkRequest } from '../../src/loopback-checks.js';

const RUNS = Number(process.env.FUZZ_RUNS) || 1;
const runs = (n: number) => ({
  numRuns: Math.ceil(n * RUNS),
  seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
});
const STATE = 'S7ate-Of-This-Sign-In_0123456789abcdefghijklmno';

// Keys the listener gives meaning to, plus prototype-ish names, plus anything.
const key = fc.oneof(
  fc.constantFrom('code', 'state', 'error', 'error_description', 'iss', 'session_state', '__proto__', 'constructor'),
  fc.string({ maxLength: 12 }),
);
// Values: anything, near misses of the state (prefix, suffix, case, padding), empty.
const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', STATE.slice(1), `${STATE} `, ` ${STATE}`, STATE.toUpperCase(), `${STATE}\0`, `${STATE}x`),
  // As long as the state in UTF-16 units but not in bytes (this once crashed timingSafeEqual).
  fc.string({ unit: 'grapheme', minLength: STATE.length, maxLength: STATE.length }),
  fc.nat({ max: STATE.length - 1 }).map((i) => `${STATE.slice(0, i)}é${STATE.slice(i + 1)}`),
);
const params = fc.array(fc.tuple(key, value), { maxLength: 8 });

/** A query string from pairs: mostly encoded properly, sometimes raw printable ASCII, as a hostile page could. */
const query = fc.oneof(
  params.map((pairs) => new URLSearchParams(pairs).toString()),
  fc.stringMatching(/^[!-~]{0,200}$/).map((raw) => raw.replaceAll('#', '')),
);

// ---- pure: checkRequest and acceptCallback, many runs -------------------------------------------------------------

test('fuzz: acceptCallback accepts exactly "right state, no duplicate state, a code or an error"', () => {
  const accept = acceptCallback(STATE);
  const withState = fc.tuple(params, fc.boolean()).map(([pairs, addState]) => {
    const p = new URLSearchParams(pairs);
    if (addState) p.append('state', STATE);
    return p;
  });
  fc.assert(
    fc.property(withState, (p) => {
      const page = accept(p);
      const legit = p.get('state') === STATE && Boolean(p.get('code') || p.get('error'));
      if (page === undefined) assert.ok(legit, `accepted ${p}`);
      else assert.ok(page.status >= 400 && page.status < 500);
    }),
    runs(3000),
  );
});

function fakeRequest(method: string, url: string, host: string | undefined): IncomingMessage {
  return { method, url, headers: host === undefined ? {} : { host } } as IncomingMessage;
}

test('fuzz: checkRequest lets through only GET on the exact path with a loopback Host, and never throws', () => {
  const redirect = new URL('http://localhost:5000/callback');
  const method = fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'HEAD', 'get'), fc.string({ maxLength: 8 }));
  const path = fc.oneof(
    fc.constantFrom('/callback', '/callback/', '/CALLBACK', '//callback', '/callback/..', '/%63allback', '/', ''),
    fc.webPath(),
    fc.string({ maxLength: 30 }),
  );
  const host = fc.oneof(
    fc.constantFrom(
      'localhost:5000',
      '127.0.0.1:5000',
      '[::1]:5000',
      'LOCALHOST:5000',
      'localhost',
      'evil.example:5000',
    ),
    fc.constantFrom('localhost:5000.evil.example', 'localhost:5000@evil.example', '127.0.0.1.nip.io:5000', undefined),
    fc.string({ maxLength: 30 }),
  );
  fc.assert(
    fc.property(method, path, query, host, fc.boolean(), (m, p, q, h, accepted) => {
      const outcome = checkRequest(fakeRequest(m, `${p}?${q}`, h), redirect, 5000, accepted);
      if (outcome.page) {
        assert.ok(outcome.page.status >= 400 && outcome.page.status < 500, String(outcome.page.status));
        return;
      }
      assert.equal(m, 'GET');
      assert.equal(accepted, false);
      assert.equal(p, '/callback', 'exactly the redirect path');
      assert.match(String(h).toLowerCase(), /^(localhost|127\.0\.0\.1|\[::1\]):5000$/);
      const keys = [...outcome.params.keys()];
      assert.equal(new Set(keys).size, keys.length, 'no duplicate parameter gets through');
    }),
    runs(3000),
  );
});

// ---- real HTTP against one listener ---------------------------------------------------------------------------

let listener: Loopback;
let port: number;
let accepted = false;

before(async () => {
  listener = await startLoopback({
    redirectUri: new URL('http://localhost:0/callback'),
    accept: acceptCallback(STATE),
    signal: new AbortController().signal,
  });
  port = Number(new URL(listener.redirectUri).port);
  listener.callback.then(
    () => {
      accepted = true;
    },
    () => {},
  );
});

after(() => listener.close());

/** The status of the final answer (a 100 Continue comes first when the request asked for it); 0 for none. */
function finalStatus(answer: string): number {
  const statuses = [...answer.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
  return statuses.find((s) => s >= 200) ?? 0;
}

/** Sends raw bytes, returns the status code of the answer (0 when the connection closed without one). */
function exchange(bytes: string | Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(accepted ? 'a request was accepted as the callback' : 'no answer within 3 s'));
    }, 3000);
    socket.setEncoding('latin1');
    socket.on('data', (c) => {
      answer += c;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(finalStatus(answer));
    });
    socket.end(bytes);
  });
}

const headerName = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/);
const headerValue = fc.stringMatching(/^[ -~]{0,60}$/);
// Headers that change how Node treats a request, so they are tried on purpose.
const specialHeader = fc.constantFrom<[string, string]>(
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Expect', '100-continue'],
  ['Origin', 'https://evil.example'],
  ['X-Forwarded-Host', 'localhost'],
  ['Forwarded', 'host=localhost'],
);

test('fuzz: arbitrary requests to the real listener get a 4xx and are never accepted without the right state', async () => {
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'HEAD', 'DELETE', 'PATCH', 'CONNECT', 'TRACE');
  const path = fc.constantFrom(
    '/callback',
    '/callback/',
    '/CALLBACK',
    '/',
    '//',
    '/favicon.ico',
    '//callback',
    '/./callback',
    '//evil.example/callback',
    '/callback;x',
    'http://localhost/callback',
    '*',
  );
  const host = fc.constantFrom('localhost:PORT', '127.0.0.1:PORT', '[::1]:PORT', 'evil.example', 'localhost:1', '');
  const forged = query.filter((q) => new URLSearchParams(q).getAll('state').every((s) => s !== STATE));
  const extra = fc.array(fc.oneof(fc.tuple(headerName, headerValue), specialHeader), { maxLength: 6 });
  await fc.assert(
    fc.asyncProperty(method, path, forged, host, extra, async (m, p, q, h, headers) => {
      const lines = [`${m} ${p}?${q} HTTP/1.1`];
      if (h) lines.push(`Host: ${h.replace('PORT', String(port))}`);
      for (const [name, v] of headers)
        if (!/^(host|content-length|transfer-encoding)$/i.test(name)) lines.push(`${name}: ${v}`);
      lines.push('Connection: close', '', '');
      const status = await exchange(lines.join('\r\n'));
      assert.ok(status >= 400 && status < 500, `status ${status} for ${lines[0]}`);
      assert.equal(accepted, false);
    }),
    runs(600),
  );
});

test('fuzz: raw bytes on the socket never crash the listener, and it still answers afterwards', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
      const status = await exchange(bytes);
      assert.ok(status === 0 || (status >= 400 && status < 500), `status ${status}`);
      assert.equal(accepted, false);
    }),
    runs(300),
  );
  assert.equal(await exchange(`GET /favicon.ico HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`), 404);
});

// ---- real HTTP with the right state: a fresh listener per run --------------------------------------------------

test('fuzz: with the right state, a request is accepted only when well formed, and otherwise gets a 4xx', async () => {
  const honest = fc.tuple(params, fc.nat({ max: 8 }), fc.boolean()).map(([pairs, at, twice]) => {
    const all: [string, string][] = [...pairs];
    all.splice(Math.min(at, all.length), 0, ['state', STATE]);
    if (twice) all.push(['state', STATE]);
    return new URLSearchParams(all).toString();
  });
  await fc.assert(
    fc.asyncProperty(honest, async (q) => {
      const loopback = await startLoopback({
        redirectUri: new URL('http://127.0.0.1:0/callback'),
        accept: acceptCallback(STATE),
        signal: new AbortController().signal,
      });
      try {
        const p = Number(new URL(loopback.redirectUri).port);
        const socket = connect(p, '127.0.0.1');
        socket.on('error', () => {});
        const answered = new Promise<number>((resolve) => {
          let answer = '';
          socket.setEncoding('latin1');
          socket.on('data', (c) => {
            answer += c;
          });
          socket.on('close', () => resolve(finalStatus(answer)));
        });
        socket.end(`GET /callback?${q} HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nConnection: close\r\n\r\n`);
        const outcome = await Promise.race([answered, loopback.callback]);
        const sent = new URLSearchParams(q);
        const wellFormed =
          sent.getAll('state').length === 1 &&
          new Set(sent.keys()).size === [...sent.keys()].length &&
          Boolean(sent.get('code') || sent.get('error'));
        if (typeof outcome === 'number') {
          assert.ok(outcome >= 400 && outcome < 500, `status ${outcome}`);
          assert.ok(!wellFormed, `refused a well-formed callback: ${q}`);
        } else {
          assert.ok(wellFormed, `accepted ${q}`);
          assert.equal(outcome.params.get('state'), STATE);
          await outcome.reply({ status: 200, title: 'ok', message: 'ok' });
        }
      } finally {
        await loopback.close();
      }
    }),
    runs(400),
  );
});
