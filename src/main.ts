import { main } from './cli.js';
import { ExitCode } from './errors.js';
import { written } from './write-out.js';

/** Exits once stdout's and stderr's streams have written everything (write-out.ts: process.exit drops a queue). */
function exitWhenWritten(code: number): void {
  Promise.all([written(process.stdout), written(process.stderr)]).then(() => process.exit(code));
}

// The only process.exit in the code base: a socket or timer left open by a library must never keep us alive.
main(process.argv).then(exitWhenWritten, () => exitWhenWritten(ExitCode.error));
