import { main } from './cli.js';
import { ExitCode } from './errors.js';

/**
 * Exits once stdout's stream has written everything: on a pipe that is full and non-blocking (the stream makes it so)
 * the stream queues, and process.exit would drop what is queued with the exit code saying success. An empty write's
 * callback runs after every write before it; on a closed pipe (EPIPE) it runs with the error, and the exit follows.
 */
function exitWhenWritten(code: number): void {
  process.stdout.on('error', () => {});
  process.stdout.write('', () => process.exit(code));
}

// The only process.exit in the code base: a socket or timer left open by a library must never keep us alive.
main(process.argv).then(exitWhenWritten, () => exitWhenWritten(ExitCode.error));
