import { readFileSync } from 'node:fs';
import { type BrowserChoice, chooseBrowser } from './browser.js';
import { LoginError } from './errors.js';
import type { FlowName } from './kinds.js';
import { envPrefix } from './providers/env-prefix.js';

/** Where we run: everything the decision depends on, passed in so that it stays a pure function. */
export interface Surroundings {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** /proc/version: WSL 1 sets no variable, but its kernel says "Microsoft". */
  procVersion?: string;
  /** Standard input is a terminal, so a person can paste the redirect URL into it. */
  interactive: boolean;
}

export type Place = 'disabled' | 'configured' | 'ci' | 'ssh' | 'wsl' | 'headless' | 'desktop';

export interface BrowserDecision {
  browser: BrowserChoice;
  place: Place;
  /** The one stderr line that explains an unusual choice; absent when there is nothing to explain. */
  note?: string;
  /** CI, no browser, no flow asked for: stop now instead of waiting for a callback that cannot come. */
  failFast?: true;
}

export interface BrowserFlags {
  browser?: boolean;
  browserCommand?: string;
  /** The flow asked for with --flow; undefined when the person did not choose. */
  flow?: FlowName;
}

// Why no browser is opened, in a few words: the start of the one explaining line.
const WHY: Record<'ci' | 'ssh' | 'headless', string> = {
  ci: 'CI=true',
  ssh: 'SSH session without a display',
  headless: 'No display (DISPLAY and WAYLAND_DISPLAY unset)',
};

const isCi = (env: NodeJS.ProcessEnv) => Boolean(env.CI) && !/^(?:false|0)$/i.test(env.CI ?? '');

/** Classifies the surroundings. CI first: on a CI runner nobody sits at any browser, display or not. */
export function placeOf({ env, platform, procVersion }: Surroundings): Exclude<Place, 'disabled' | 'configured'> {
  const display = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY) || platform === 'darwin' || platform === 'win32';
  if (isCi(env)) return 'ci';
  if ((env.SSH_CONNECTION || env.SSH_TTY) && !display) return 'ssh';
  if (env.WSL_DISTRO_NAME || /microsoft/i.test(procVersion ?? '')) return 'wsl';
  return display ? 'desktop' : 'headless';
}

/**
 * Which browser to launch, if any. --no-browser always wins; a configured command ($BROWSER, --browser-command)
 * counts as a browser anywhere; only the system opener depends on where we run.
 */
export function decideBrowser(flags: BrowserFlags, where: Surroundings): BrowserDecision {
  const chosen = chooseBrowser(flags, where.env);
  if (chosen.kind === 'none') return { browser: chosen, place: 'disabled' };
  if (chosen.kind === 'command') return { browser: chosen, place: 'configured' };
  const place = placeOf(where);
  if (place === 'desktop') return { browser: chosen, place };
  // `open` starts the Windows default browser from WSL.
  if (place === 'wsl') return { browser: chosen, place, note: 'WSL: opening the browser in Windows.' };
  // The note above already says why: the line with the URL only says that nothing was opened.
  const browser = { kind: 'none', reason: 'no browser here' } as const;
  if (place === 'ci' && flags.flow === undefined) return { browser, place, failFast: true };
  return { browser, place, note: noteFor(place, flags.flow ?? 'auth-code') };
}

/** Why no browser is opened here, in a few words (doctor). */
export const whyNoBrowser = (place: Place) => (place in WHY ? WHY[place as keyof typeof WHY] : place);

/**
 * The device flow's note is whole; a browser flow's is only why, finished by browserlessLine once the listener's
 * port is known (an `ssh -L` line needs it).
 */
function noteFor(place: 'ci' | 'ssh' | 'headless', flow: FlowName): string {
  const why = `${WHY[place]}: not opening a browser`;
  return flow === 'device' ? `${why}; enter the code below on any device.` : why;
}

/** Where this SSH session came in: SSH_CONNECTION is "client_ip client_port server_ip server_port". */
export interface SshOrigin {
  user?: string;
  host: string;
  /** The server's SSH port, when it is not 22. */
  port?: string;
}

export function sshOrigin(env: NodeJS.ProcessEnv): SshOrigin | undefined {
  const [, , host, port] = (env.SSH_CONNECTION ?? '').trim().split(/\s+/);
  if (!host) return undefined;
  return { user: env.USER || env.LOGNAME || undefined, host, port: port && port !== '22' ? port : undefined };
}

/** The command that carries the person's browser's redirect from their machine to this listener. */
export function sshForward(callback: URL, origin: SshOrigin | undefined): string {
  const port = callback.port || '80';
  const host = callback.hostname === 'localhost' ? 'localhost' : callback.hostname;
  const target = origin ? `${origin.user ? `${origin.user}@` : ''}${origin.host}` : 'USER@HOST';
  return `ssh -L ${port}:${host}:${port}${origin?.port ? ` -p ${origin.port}` : ''} ${target}`;
}

/**
 * The one line that says what happens when no browser opens here: why (the decision's note, --no-browser, or the
 * opener's failure), what to do with the URL printed below it, and where to paste.
 */
export function browserlessLine(
  why: string,
  o: { callback: URL; paste: boolean; forward?: string; device: boolean },
): string {
  const device = o.device ? ' (or use --flow device)' : '';
  if (o.paste) {
    const or = o.forward ? `, or forward the port with: ${o.forward}` : '';
    return `${why}. Open the URL below in any browser, then paste here the address it ends on and press Enter${or}.`;
  }
  if (o.forward)
    return `${why}. Forward the port with "${o.forward}", then open the URL below on your machine${device}.`;
  return `${why}. Open the URL below in a browser that can reach this machine's port ${o.callback.port || '80'}${device}.`;
}

/** The fail-fast error for CI: every way that can work without a person at a browser. */
export function ciNeedsHeadlessFlow(provider: string): LoginError {
  return new LoginError(
    'no_browser_in_ci',
    'CI=true and no browser is available, so a browser sign-in cannot finish.',
    {
      hint:
        `Use --flow device (a person enters a code on any device), --flow client-credentials (a client secret, no person), ` +
        `or "oauth-login token ${provider}" with ${envPrefix(provider)}REFRESH_TOKEN set.`,
    },
  );
}

/** The surroundings of this process. */
export function currentSurroundings(env: NodeJS.ProcessEnv, stdin: { isTTY?: boolean }): Surroundings {
  let procVersion: string | undefined;
  if (process.platform === 'linux' && !env.WSL_DISTRO_NAME) {
    try {
      procVersion = readFileSync('/proc/version', 'utf8');
    } catch {
      // Not every Linux exposes /proc (some sandboxes): then it is not WSL.
    }
  }
  return { env, platform: process.platform, procVersion, interactive: stdin.isTTY === true };
}
