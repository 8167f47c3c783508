import { isAbsolute, join } from 'node:path';
import { os } from './lazy-builtin.js';

/**
 * Where tokens and their index live: `$XDG_DATA_HOME/oauth-login`, else `~/.local/share/oauth-login`.
 * A relative XDG_DATA_HOME is ignored, as the XDG spec says: it would make the store move with the working directory.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || os().homedir(), '.local', 'share');
  return join(base, 'oauth-login');
}
