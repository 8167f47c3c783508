import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { collect } from './process.js';
import { followStart } from './start-page.js';
import { tempDir } from './tmp.js';

export const BIN = resolve('bin/oauth-login.js');
const HOOK = resolve('test/support/browser-hook.mjs');

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  stderrSoFar(): string;
  stdoutSoFar(): string;
}

/** Every byte the CLI printed in this suite: checked at the end for leaked token values. */
export const transcript: string[] = [];

function cliEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const home = tempDir('oauth-login-home-');
  return { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1', ...env };
}

/** Runs the built CLI as a real process, in an empty home, with no colour. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  return track(child, input);
}

const shellQuote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/**
 * Runs the built CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would: its stdin is a
 * TTY. Write to `child.stdin` to type; stdout and stderr arrive merged in `stdout`, with \r\n line ends.
 */
export function runCliInPty(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  const run = track(child, undefined, false);
  return { ...run, stderrSoFar: run.stdoutSoFar };
}

/** Waits until the output so far matches, and returns the match. */
export async function waitForOutput(
  read: () => string,
  pattern: RegExp,
  timeoutMs = 15_000,
): Promise<RegExpMatchArray> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
    const match = read().match(pattern);
    if (match) return match;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no output matching ${pattern} within ${timeoutMs} ms; got:\n${read()}`);
}

function track(child: ChildProcess, input: string | undefined, endInput = true): CliRun {
  const output = collect(child);
  if (endInput) child.stdin?.end(input);
  const done = output.done.then((r) => {
    transcript.push(r.stdout, r.stderr);
    return r;
  });
  return { child, done, stderrSoFar: output.stderrSoFar, stdoutSoFar: output.stdoutSoFar };
}

/** Receives the URLs the CLI "opens": pass `env` to runCli and await `next()`. */
export class BrowserHook {
  private server: Server;
  private waiting: ((url: string) => void)[] = [];
  private queued: string[] = [];
  calls = 0;
  private opener: string | undefined;

  private constructor(server: Server) {
    this.server = server;
  }

  static async start(): Promise<BrowserHook> {
    const server = createServer();
    const hook = new BrowserHook(server);
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        hook.calls++;
        res.end();
        const waiter = hook.waiting.shift();
        if (waiter) waiter(body);
        else hook.queued.push(body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return hook;
  }

  /**
   * For the system opener: no $BROWSER, and a stand-in `xdg-open` first on PATH (the bundled `open` runs the
   * system's) that reports to this hook. A test can then prove that no browser was launched.
   */
  get systemEnv(): NodeJS.ProcessEnv {
    this.opener ??= fakeXdgOpen();
    return { PATH: `${this.opener}:${process.env.PATH}`, E2E_HOOK_URL: this.env.E2E_HOOK_URL };
  }

  get env(): NodeJS.ProcessEnv {
    return {
      BROWSER: `${process.execPath} ${HOOK}`,
      E2E_HOOK_URL: `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`,
    };
  }

  /**
   * The next URL the CLI opened. A loopback start page is followed as a browser would (its cookie kept for the
   * callback, test/support/start-page.ts), so this is the authorization URL; `nextOpened` gives what was opened.
   */
  async next(timeoutMs = 15_000): Promise<string> {
    return followStart(await this.nextOpened(timeoutMs));
  }

  nextOpened(timeoutMs = 15_000): Promise<string> {
    const queued = this.queued.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error('the CLI never opened a browser')), timeoutMs);
      this.waiting.push((url) => {
        clearTimeout(timer);
        resolveUrl(url);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

function fakeXdgOpen(): string {
  const dir = tempDir('oauth-login-opener-');
  writeFileSync(join(dir, 'xdg-open'), `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(HOOK)} "$@"\n`);
  chmodSync(join(dir, 'xdg-open'), 0o755);
  return dir;
}
