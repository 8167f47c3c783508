import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { completeLogin, enterUserCode, launchChromium, type LoginOptions } from '../../demo/chromium.js';
import { type Idp, type IdpOptions, startIdp } from '../../demo/idp.js';
import { BrowserHook, type CliRun, runCli, waitForOutput } from './cli.js';
import { chromiumCookies } from './start-page.js';
import { tempDir } from './tmp.js';

export interface E2e {
  idp: Idp;
  browser: Browser;
  hook: BrowserHook;
}

/**
 * A real demo IdP, headless Chromium and a browser hook for one test file: started before its tests, stopped after.
 * The returned object is filled in by `before`, so read its fields inside tests only.
 */
export function e2eSetup(options: IdpOptions = {}, onStart?: (e: E2e) => void): E2e {
  const e = {} as E2e;
  before(async () => {
    console.info = () => {}; // oidc-provider's development notices
    e.idp = await startIdp(options);
    e.browser = await launchChromium();
    e.hook = await BrowserHook.start();
    onStart?.(e);
  });
  after(async () => {
    await e.browser?.close();
    await e.idp?.close();
    await e.hook?.close();
  });
  return e;
}

/**
 * A fresh browser context (no session shared between tests) holding the cookies of the start pages the test
 * followed for it (BrowserHook.next): the callback is accepted only with them.
 */
export async function browserContext(browser: Browser) {
  const context = await browser.newContext();
  await context.addCookies(chromiumCookies());
  return context;
}

/** Goes through the IdP's pages in a fresh browser context (no session shared between tests). */
export async function signIn(browser: Browser, url: string, options: LoginOptions = { login: 'ada' }): Promise<void> {
  const context = await browserContext(browser);
  try {
    await completeLogin(await context.newPage(), url, options);
  } finally {
    await context.close();
  }
}

/** The verification URI and user code a device login shows on stderr, read as a person would. */
export async function shownCode(run: CliRun): Promise<{ uri: string; code: string }> {
  const [, uri, code] = await waitForOutput(run.stderrSoFar, /visit (\S+) and enter the code:\n\n {4}(\S+)\n/);
  return { uri: uri as string, code: code as string };
}

/** Types the user code at the verification URI in a fresh browser context and approves, as a person would. */
export async function approveDeviceCode(
  browser: Browser,
  { uri, code }: { uri: string; code: string },
  options: LoginOptions = { login: 'ada' },
): Promise<void> {
  const context = await browserContext(browser);
  try {
    await enterUserCode(await context.newPage(), uri, code, options);
  } finally {
    await context.close();
  }
}

/**
 * Runs the CLI with `args`, signs in when it opens the browser, and returns how the process ended. Only the browser
 * and the hook are used: a test against another authorization server than the demo IdP passes just those.
 */
export async function loginWithBrowser(
  e: Pick<E2e, 'browser' | 'hook'>,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options?: LoginOptions,
) {
  const run: CliRun = runCli(args, { ...e.hook.env, ...env });
  await signIn(e.browser, await e.hook.next(), options);
  return run.done;
}

/** A throwaway token store. */
export function dataHome(): NodeJS.ProcessEnv {
  return { XDG_DATA_HOME: tempDir('oauth-login-data-') };
}

/** The tests run under scripts/with-keyring.sh: its D-Bus session and keyring, for CLI processes that need them. */
export function keyringEnv(): NodeJS.ProcessEnv {
  const { DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR } = process.env;
  if (!DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      'No D-Bus session bus: run the e2e tests inside `dbus-run-session -- bash scripts/with-keyring.sh` (gnome-keyring, dbus)',
    );
  }
  return { DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR };
}
