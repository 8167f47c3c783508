#!/usr/bin/env node
// Stands in for a browser in e2e tests: the CLI runs it as $BROWSER with the authorization URL as the last argument,
// and it hands the URL to the test process, which drives a real headless Chromium with it.
import { writeFileSync } from 'node:fs';

// A test of what a browser inherits from the CLI (test/HOSTILE.md row 30) names a file for this process's environment.
if (process.env.E2E_HOOK_ENV_FILE) writeFileSync(process.env.E2E_HOOK_ENV_FILE, JSON.stringify(process.env));
const url = process.argv.at(-1);
await fetch(process.env.E2E_HOOK_URL, { method: 'POST', body: url });
