// `npm run demo`: a real login against the embedded demo provider, no registered app needed.
// Starts the demo IdP (oidc-provider on 127.0.0.1:5055, or a free port), then runs the built CLI against it (its
// callback on localhost:5000, or a free port when that is taken).
// With a display the system browser opens and you sign in with any name and password; without one, a headless
// Chromium (or, lacking that, a scripted HTTP user agent) signs in as "ada" on your behalf.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from './chromium.js';
import { callbackPortFree, choosesCallback } from './ports.js';

function browserFor(): { env: NodeJS.ProcessEnv; note: string } {
  const desktop =
    process.platform === 'darwin' || process.platform === 'win32' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (desktop || process.env.BROWSER) return { env: {}, note: 'Sign in on the demo page with any name and password.' };
  const agent = fileURLToPath(new URL('./browser-agent.ts', import.meta.url));
  const tsx = import.meta.resolve('tsx');
  // DEMO_AGENT=chromium|scripted forces one (the tests run both).
  const mode = process.env.DEMO_AGENT ?? (existsSync(CHROMIUM_PATH) ? 'chromium' : 'scripted');
  return {
    env: { BROWSER: `"${process.execPath}" --import ${tsx} "${agent}" ${mode}` },
    note:
      mode === 'chromium'
        ? 'No display: a headless Chromium will sign in as the demo user "ada" for you.'
        : 'No display: a scripted user agent will submit the demo sign-in form as "ada" for you.',
  };
}

// oidc-provider prints development notices and a Node 20 "unsupported runtime" warning: the demo's output is the CLI's.
console.info = () => {};
console.warn = () => {};
const { startIdp } = await import('./idp.js');
const idp = await startIdp({ port: 5055 }).catch(() => startIdp({ port: 0 }));
const { env, note } = browserFor();
process.stderr.write(`Demo provider running at ${idp.issuer}. ${note}\n`);
const bin = fileURLToPath(new URL('../bin/oauth-login.js', import.meta.url));
const args = process.argv.slice(2);
// The demo client accepts any loopback port (RFC 8252 §7.3), so a taken 5000 need not stop the demo.
if (!choosesCallback(args) && !(await callbackPortFree())) {
  process.stderr.write('Port 5000 is in use: the callback listens on a free port instead (--port 0).\n');
  args.push('--port', '0');
}
// The demo provider forgets everything when it stops, so its tokens are not worth keeping unless asked (--store).
const store = args.some((a) => a.startsWith('--store')) ? [] : ['--store', 'none'];
const child = spawn(process.execPath, [bin, 'demo', '--issuer', idp.issuer, ...store, ...args], {
  stdio: 'inherit',
  env: { ...process.env, ...env },
});
const code = await new Promise<number>((resolve) =>
  child.on('close', (c, signal) => resolve(c ?? (signal === 'SIGINT' ? 130 : 1))),
);
await idp.close();
process.exit(code);
