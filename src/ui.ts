import type { LoginError } from './errors.js';

/** Human output. Everything here goes to stderr; stdout is reserved for data (see output.ts). */
export interface Ui {
  info(text: string): void;
  success(text: string): void;
  warn(text: string): void;
  /** A warning that --quiet does not hide: what the person would otherwise never learn (tokens were not stored). */
  notice(text: string): void;
  error(err: LoginError): void;
  /** What a person must act on (a device code, a URL to open): shown even with --quiet, emphasised on a terminal. */
  prompt(text: string): void;
  /**
   * Shows that we are waiting on a person until `stop` is called. `still` draws one line instead of a spinner,
   * for when the person may be typing into this terminal (a pasted URL) and redrawing would wipe their input.
   */
  waiting(text: string, deadline: number, options?: { still?: boolean }): { stop(): void };
}

export interface UiOptions {
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
}

type Chalk = typeof import('chalk');
type Paint = Record<'green' | 'yellow' | 'red' | 'dim' | 'bold', (text: string) => string>;
const same = (text: string) => text;
const PLAIN: Paint = { green: same, yellow: same, red: same, dim: same, bold: same };

/** Loaded by loadColor, only when colour may be on: chalk costs ≈3 ms of start-up, wasted in pipes, logs and CI. */
let chalk: Chalk | undefined;

/** NO_COLOR (https://no-color.org) wins over everything; otherwise colour only on a terminal, or with FORCE_COLOR. */
function colorMayBeOn(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  return !env.NO_COLOR && (stream.isTTY === true || Boolean(env.FORCE_COLOR));
}

/**
 * Loads chalk when colour may be on, so that createUi can stay synchronous. The CLI calls it once before any output;
 * without it, output is plain.
 */
export async function loadColor(
  stream: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (colorMayBeOn(stream, env)) chalk ??= await import('chalk');
}

/** Past NO_COLOR and the terminal check, chalk's own detection decides (FORCE_COLOR=0, TERM=dumb, levels). */
export function colorLevel(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (!colorMayBeOn(stream, env) || !chalk?.supportsColorStderr) return 0;
  return chalk.supportsColorStderr.level;
}

function paintFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Paint {
  const level = colorLevel(stream, env);
  return chalk && level > 0 ? new chalk.Chalk({ level }) : PLAIN;
}

export function createUi(options: UiOptions = {}): Ui {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const c = paintFor(stream, env);
  const write = (line: string) => {
    if (!options.quiet) stream.write(`${line}\n`);
  };
  return {
    info: (text) => write(text),
    success: (text) => write(`${c.green('✓')} ${text}`),
    warn: (text) => write(`${c.yellow('!')} ${text}`),
    notice: (text) => stream.write(`${c.yellow('!')} ${text}\n`),
    error: (err) => {
      // Errors are shown even with --quiet: a silent failure helps nobody.
      stream.write(`${c.red('✗')} ${err.message}\n`);
      if (err.hint) stream.write(`  ${c.dim(err.hint)}\n`);
    },
    prompt: (text) => stream.write(`${c.bold(text)}\n`),
    waiting: (text, deadline, how) => startWaiting(stream, text, deadline, options.quiet === true, how?.still === true),
  };
}

function remaining(deadline: number): string {
  const s = Math.max(0, Math.round((deadline - Date.now()) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A spinner with the time left on a terminal; one plain line elsewhere (logs must not fill with frames). `still`
 * on a terminal: the line sits above the one the person types on and its countdown is redrawn there (cursor saved,
 * moved up, restored), so what they type is never wiped.
 */
function startWaiting(stream: NodeJS.WriteStream, text: string, deadline: number, quiet: boolean, still: boolean) {
  if (quiet) return { stop() {} };
  if (!stream.isTTY) {
    stream.write(`${text} (times out in ${remaining(deadline)})\n`);
    return { stop() {} };
  }
  if (still) return stillCountdown(stream, text, deadline);
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let i = 0;
  const draw = () => stream.write(`\r\x1b[2K${frames[i++ % frames.length]} ${text} (${remaining(deadline)} left)`);
  draw();
  const timer = setInterval(draw, 120);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}

function stillCountdown(stream: NodeJS.WriteStream, text: string, deadline: number) {
  // Cut to the terminal's width (a pty may report 0): a wrapped line would put the countdown on a row the cursor-up
  // does not reach.
  const line = () => `${text} (${remaining(deadline)} left)`.slice(0, Math.max(20, (stream.columns || 80) - 1));
  stream.write(`${line()}\n`);
  const timer = setInterval(() => stream.write(`\x1b7\x1b[1A\r\x1b[2K${line()}\x1b8`), 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
