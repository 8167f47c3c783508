import { main } from './cli.js';
import { ExitCode } from './errors.js';

// The only process.exit in the code base: a socket or timer left open by a library must never keep us alive.
main(process.argv).then(
  (code) => process.exit(code),
  () => process.exit(ExitCode.error),
);
