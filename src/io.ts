import type { Ui } from './ui.js';

/**
 * What a command is given to talk to the world: people on stderr (`ui`), data on stdout (`out`), the environment it
 * reads, and the signal that Ctrl+C, SIGTERM and --timeout abort. cli.ts builds it from the process; tests build it
 * with a recording Ui and a collected stdout, so commands run in-process.
 */
export interface CommandIo {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** One piece of data for stdout; a newline is added when it has none. */
  out(text: string): void;
  /** Where a person may paste the redirect URL; process.stdin when absent. */
  stdin?: NodeJS.ReadStream;
}

/** One piece of data as a line: a newline is added when it has none (what every CommandIo's `out` writes). */
export const asLine = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);

export function writeStdout(text: string): void {
  process.stdout.write(asLine(text));
}

/** Which login to run again: the stored login's provider, issuer, client and account, when there is one. */
export interface SignInRequest {
  provider: string;
  account?: string;
  issuer?: string;
  /** A self-hosted edition's host (GitHub Enterprise Server), as the stored login was made. */
  host?: string;
  clientId?: string;
  caFile?: string;
  privateKeyFile?: string;
  store?: string;
  /** The --config the asking command was given. */
  config?: string;
}

/**
 * A browser login run on behalf of another command (kubectl's or git's helper, when they allow a person to be asked).
 * cli.ts passes it in, so that commands never import the login command; progress goes to stderr, nothing to stdout.
 */
export type SignIn = (request: SignInRequest, io: CommandIo) => Promise<void>;
