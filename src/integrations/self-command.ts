import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** How git or kubectl should start this CLI: a program and the words before our own arguments. */
export interface SelfCommand {
  command: string;
  args: string[];
}

const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
};

/**
 * `oauth-login` when that name on PATH is this very install (npm's bin link: it survives a Node upgrade, as gh's
 * plain `gh` does), else this Node and this script by absolute path, so a clone or an npx run works too.
 */
export function selfCommand(env: NodeJS.ProcessEnv, script = process.argv[1] ?? ''): SelfCommand {
  const self = real(script);
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'oauth-login');
    if (dir && existsSync(candidate) && self !== undefined && real(candidate) === self)
      return { command: 'oauth-login', args: [] };
  }
  return { command: process.execPath, args: [self ?? script] };
}
