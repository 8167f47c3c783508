import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

const made: string[] = [];

/**
 * A fresh directory in the system temp dir, removed with everything in it once the test file has finished. Every
 * test directory (homes, token stores, configs, sockets) comes from here, so a full run leaves nothing in /tmp.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

// Registered when this module is first imported, at the top level of a test file: node:test then attaches the hook to
// the file's root (called inside a test, it would belong to that test alone), so it runs once the file's last test has
// finished, before the file's own after-hooks (registered later), none of which reads these directories. The retries
// cover a CLI process that is still writing as it exits.
after(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});
