import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve('bin/oauth-login.js');
const HOOK = resolve('test/support/browser-hook.mjs');

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  stderrSoFar(): string;
}

/** Every byte the CLI printed in this suite: checked at the end for leaked token values. */
export const transcript: string[] = [];

/** Runs the built CLI as a real process, in an empty home, with no colour. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): CliRun {
  const home = mkdtempSync(join(tmpdir(), 'oauth-login-home-'));
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => {
    stdout += c;
  });
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  child.stdin?.end(input);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (res) => {
      child.on('close', (code, signal) => {
        transcript.push(stdout, stderr);
        res({ code, signal, stdout, stderr });
      });
    },
  );
  return { child, done, stderrSoFar: () => stderr };
}

/** Receives the URLs the CLI "opens": pass `env` to runCli and await `next()`. */
export class BrowserHook {
  private server: Server;
  private waiting: ((url: string) => void)[] = [];
  private queued: string[] = [];
  calls = 0;

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

  get env(): NodeJS.ProcessEnv {
    return {
      BROWSER: `${process.execPath} ${HOOK}`,
      E2E_HOOK_URL: `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`,
    };
  }

  next(timeoutMs = 15_000): Promise<string> {
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
