import { StringDecoder } from 'node:string_decoder';
import { LoginError } from './errors.js';

/** process.stdin, or a stand-in: a TTY has setRawMode. */
export interface SecretSource extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

// Terminals wrap a paste in these when bracketed paste was left on; they are not part of the secret.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape sequence is the point
const PASTE_MARKERS = /\u001b\[20[01]~/g;

/**
 * `--client-secret-stdin`. Piped or redirected: everything up to EOF, one trailing newline dropped (as `echo` and
 * files end). On a terminal, as getpass does: nothing echoed, Enter ends it, Ctrl+C aborts (exit 130).
 */
export async function readStdinSecret(
  input: SecretSource = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
  what: { flag: string; prompt: string } = { flag: '--client-secret-stdin', prompt: 'Client secret' },
): Promise<string> {
  const secret =
    input.isTTY && input.setRawMode ? await readHidden(input, output, what.prompt) : await readToEnd(input);
  if (!secret) throw new LoginError('empty_secret', `${what.flag} was given but standard input was empty.`);
  return secret;
}

async function readToEnd(input: SecretSource): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Raw mode: the terminal neither echoes nor edits the line, and Ctrl+C arrives as a byte instead of SIGINT, so the
 * line editing a person expects is done here (Backspace, Ctrl+U). Raw mode is on before the prompt is shown, so
 * nothing typed after the prompt can be echoed; it is off again however the input ends.
 */
function readHidden(input: SecretSource, output: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let typed: string[] = []; // code points, so Backspace removes a whole character
    input.setRawMode?.(true);
    output.write(`${prompt} (typing is not shown), then Enter: `);
    const finish = (error?: LoginError) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.setRawMode?.(false);
      // Nothing else reads a terminal once it gave the secret (no paste prompt then); paused, it lets the process exit.
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed.join('').replace(PASTE_MARKERS, ''));
    };
    const onEnd = () => finish();
    const onData = (chunk: Buffer | string) => {
      for (const c of typeof chunk === 'string' ? chunk : decoder.write(chunk)) {
        if (c === '\r' || c === '\n' || c === '\u0004') return finish(); // Enter, or Ctrl+D
        if (c === '\u0003') {
          return finish(new LoginError('interrupted', 'Interrupted (Ctrl+C); nothing was stored.', { exit: 'sigint' }));
        }
        // Backspace (DEL or BS) and Ctrl+U, as the terminal's own line editing would do them.
        if (c === '\u007f' || c === '\b') typed.pop();
        else if (c === '\u0015') typed = [];
        else typed.push(c);
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}
