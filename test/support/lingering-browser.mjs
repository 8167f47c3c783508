#!/usr/bin/env node
// A browser that stays open, as real ones do, so its argv can be read from /proc by anyone on the machine: it hands
// the URL to the test (BrowserHook) and waits to be killed.
const url = process.argv.at(-1);
await fetch(process.env.E2E_HOOK_URL, { method: 'POST', body: url });
setTimeout(() => {}, 120_000);
