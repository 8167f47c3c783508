// Runs the demo IdP as its own process: `node --import tsx demo/idp-server.ts [--port N]`.
// Prints one JSON line, {"issuer":"..."}, on stdout once listening, and runs until SIGTERM or SIGINT.
import { startIdpFromCli } from './idp.js';

try {
  await startIdpFromCli();
} catch (error) {
  console.error(`idp-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
