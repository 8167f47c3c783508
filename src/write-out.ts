import { writeSync } from 'node:fs';

/**
 * Straight to fd 1: touching process.stdout builds a stream (tty or pipe machinery), ≈3 ms of a ≈60 ms start-up.
 * A non-blocking stdout that is full (EAGAIN) falls back to the stream.
 */
export function writeOut(text: string): void {
  try {
    writeSync(1, text);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    process.stdout.write(text);
  }
}
