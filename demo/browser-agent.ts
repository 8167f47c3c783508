// The demo's stand-in for a person at a browser on machines without a display: the CLI runs it as $BROWSER with the
// authorization URL as the last argument. `chromium` drives Debian's headless Chromium; `scripted` submits the
// demo IdP's forms over plain HTTP. Either way it signs in as the demo user "ada" and consents.
import { appendFileSync } from 'node:fs';
import { scriptedLogin } from './agent.js';
import { completeLogin, launchChromium } from './chromium.js';

const mode = process.argv[2];
const url = process.argv.at(-1) as string;

if (mode === 'chromium') {
  const browser = await launchChromium();
  try {
    await completeLogin(await browser.newPage(), url, { login: 'ada' });
  } finally {
    await browser.close();
  }
} else {
  await scriptedLogin(url, { login: 'ada' });
}
// The benchmark subtracts the user agent's whole life (start-up included) from a full login to find the time spent
// inside oauth-login.
if (process.env.AGENT_TIMING_FILE) appendFileSync(process.env.AGENT_TIMING_FILE, `${process.uptime() * 1000}\n`);
