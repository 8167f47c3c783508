/**
 * The local commands that people and prompts run often, answered in a small CommonJS bundle of their own
 * (dist/fast-local.cjs, which bin/ loads for these commands only) without commander or the ES module loader:
 * `--help`, `providers` and `status`, each in its plain form only (anything else returns undefined and the full CLI
 * runs it). They run the full CLI's own code (runStatus, runProviders) or, for --help, the text the full CLI printed
 * at build time; test/e2e/fast-local.test.ts compares every answer with the full CLI's, byte for byte. What they
 * print is held until they have finished, so a fallback never prints twice.
 */
import { fstatSync } from 'node:fs';
import { runProviders } from './commands/providers.js';
import { runStatus } from './commands/status.js';
import { ExitCode, LoginError } from './errors.js';
import { helpWidth } from './help-width.js';
import { asLine } from './io.js';
import type { Ui } from './ui.js';
import { writeOut, written } from './write-out.js';
import { using } from './parts-used.js';

export { partsUsed } from './parts-used.js';

// Replaced at build time by scripts/build.mjs with the full CLI's `--help` at DEFAULT_HELP_WIDTH and MAX_HELP_WIDTH.
declare const __HELP__: Record<string, string> | undefined;

type NotedUi = Exclude<keyof Ui, 'waiting'>;
export type Output = { text: string } | { ui: NotedUi; args: unknown[] };

/**
 * Writes what a command said, in order: data to stdout, people's lines through the real Ui (stderr), loaded with
 * chalk (when colour is on) only when there are any. Both are written synchronously, so the order holds.
 */
async function flush(said: Output[]): Promise<void> {
  let ui: Record<string, (...args: unknown[]) => void> | undefined;
  if (said.some((s) => 'ui' in s)) {
    using('ui');
    const { createUi, loadColor } = await import('./ui.js');
    await loadColor();
    ui = createUi() as unknown as typeof ui;
  }
  for (const s of said) 'ui' in s ? ui?.[s.ui]?.(...s.args) : writeOut(s.text);
  if (ui) await written(process.stderr);
}

/**
 * A Ui that only notes what it was asked to show, for flush() to show once the command is done. A plain object with
 * the Ui's methods and nothing else (a Proxy would answer `then` too, and awaiting it would never end). These commands
 * never wait on a person: a wait has nothing to show afterwards.
 */
export function notingUi(said: Output[]): Ui {
  const note =
    (ui: NotedUi) =>
    (...args: unknown[]) => {
      said.push({ ui, args });
    };
  return {
    info: note('info'),
    success: note('success'),
    warn: note('warn'),
    notice: note('notice'),
    error: note('error'),
    prompt: note('prompt'),
    waiting: () => ({ stop() {} }),
  };
}

/** The help commander prints for `--help`: at the width cli.ts gives it, when that width was printed at build time. */
function help(): string | undefined {
  if (typeof __HELP__ !== 'object') return undefined;
  // cli.ts's rule (help-width.ts). Only a terminal (a character device: node:tty would load the whole stream
  // machinery just to tell) needs process.stdout's stream to know its width.
  const width = helpWidth(fstatSync(1).isCharacterDevice() ? process.stdout.columns : undefined);
  return __HELP__[String(width)];
}

/** What one of these commands says, and its exit code; undefined when it is not one of them in its plain form. */
async function answer(command: string | undefined, rest: string[], said: Output[]): Promise<number | undefined> {
  const out = (text: string) => said.push({ text: asLine(text) });
  if ((command === '--help' || command === '-h') && rest.length === 0) {
    const text = help();
    if (text !== undefined) out(text);
    return text === undefined ? undefined : ExitCode.ok;
  }
  const json = rest.length === 0 ? false : rest.length === 1 && rest[0] === '--json' ? true : undefined;
  if (json === undefined) return undefined;
  if (command === 'providers') {
    runProviders({ json }, { env: process.env, out });
    return ExitCode.ok;
  }
  if (command !== 'status') return undefined;
  const io = { ui: notingUi(said), env: process.env, out, signal: new AbortController().signal };
  return runStatus({ json }, io);
}

/**
 * Resolves to the exit code when answered here, undefined when the full CLI must run: anything but a LoginError
 * (reported as cli.ts reports it) goes to the full CLI, which nothing has been printed for yet.
 */
export async function run(args: string[]): Promise<number | undefined> {
  const [command, ...rest] = args;
  using(command ?? '');
  const said: Output[] = [];
  let code: number | undefined;
  try {
    code = await answer(command, rest, said);
    if (code === undefined) return undefined;
  } catch (err) {
    if (!(err instanceof LoginError)) return undefined;
    said.push({ ui: 'error', args: [err] });
    code = err.exitCode;
  }
  await flush(said);
  return code;
}
