#!/usr/bin/env node
// Stands in for a browser in e2e tests: the CLI runs it as $BROWSER with the authorization URL as the last argument,
// and it hands the URL to the test process, which drives a real headless Chromium with it.
const url = process.argv.at(-1);
await fetch(process.env.E2E_HOOK_URL, { method: 'POST', body: url });
