import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Straight to fd 1: touching process.stdout builds a stream (tty or pipe machinery), ≈3 ms of a ≈60 ms start-up.
 * Returns once every byte is written, as a blocking write would: a pipe that another process made non-blocking takes
 * a write in part, or none of it (EAGAIN) while its reader is behind, and bin/ exits right after (process.exit would
 * drop anything still queued on a stream). The wait between tries is a sleep, not a busy loop.
 */
export function writeOut(text: string): void {
  const bytes = Buffer.from(text);
  for (let written = 0; written < bytes.length; ) {
    try {
      written += writeSync(1, bytes, written);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/**
 * Settles once a stream has written everything queued on it: a full non-blocking pipe makes the stream queue, and
 * process.exit would drop the queue. An empty write's callback runs after every write before it; on a closed pipe
 * (EPIPE) it runs with the error, which is nobody's to report any more.
 */
export function written(stream: NodeJS.WritableStream): Promise<void> {
  stream.on('error', () => {});
  return new Promise((resolve) => stream.write('', () => resolve()));
}
