import { createInterface } from 'node:readline';
import type { Loopback } from './loopback.js';
import type { Ui } from './ui.js';

// Terminals wrap a paste in these markers when an application turned bracketed paste on; they are not the URL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape sequence is the point
const PASTE_MARKERS = /\u001b\[20[01]~/g;

/**
 * The fallback for a browser on another machine, whose redirect to localhost lands nowhere: the person copies the
 * address from the browser's address bar and pastes it here. Each line goes through the listener's own checks
 * (redirect URI, duplicates, state; then iss in the flow), so a pasted URL is worth exactly what a request is.
 * A refused line is explained (never echoed: it may carry a code) and we keep waiting.
 * Start it only on a TTY: nothing ever prompts when stdin is a pipe or a file.
 */
export function acceptPastedUrls(input: NodeJS.ReadableStream, loopback: Pick<Loopback, 'submit'>, ui: Ui) {
  // terminal: false leaves the TTY in cooked mode: the kernel echoes and edits the line, and Ctrl+C stays SIGINT.
  const lines = createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => {
    const text = line.replace(PASTE_MARKERS, '').trim();
    if (!text) return;
    const refusal = loopback.submit(text);
    if (!refusal) {
      lines.close();
      return;
    }
    ui.warn(`Refused the pasted URL (${refusal.title}: ${refusal.message}); still waiting.`);
  });
  return {
    stop() {
      lines.close();
      // readline resumed the stream; pausing it again lets the process exit without waiting for a keypress.
      input.pause();
    },
  };
}
