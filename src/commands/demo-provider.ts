import { LoginError } from '../errors.js';
import type { CommandIo } from '../io.js';

export const DEMO_PORT = 5055;

/**
 * `oauth-login demo-provider`: the embedded demo OpenID Provider (oidc-provider with development settings: in-memory
 * storage, development keys, a sign-in page that takes any name and password) on 127.0.0.1, until Ctrl+C. It is
 * bundled into its own chunk, loaded only here. Prints `{"issuer": …}` on stdout once listening.
 */
export async function runDemoProvider(options: { port: number }, io: CommandIo): Promise<void> {
  // oidc-provider's notices about its development settings are the point of a demo, not news to the person.
  console.info = () => {};
  console.warn = () => {};
  const { startIdp } = await import('../../demo/idp.js');
  const idp = await startIdp({ port: options.port }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    throw new LoginError('port_in_use', `Port ${options.port} on 127.0.0.1 is already in use.`, {
      hint: 'Run: oauth-login demo-provider --port 0',
    });
  });
  io.out(JSON.stringify({ issuer: idp.issuer }));
  const login = idp.issuer === `http://127.0.0.1:${DEMO_PORT}` ? '' : ` --issuer ${idp.issuer}`;
  io.ui.info(`Demo provider running at ${idp.issuer}. Sign in with any name and password.`);
  io.ui.info(`In another terminal: oauth-login demo${login}`);
  io.ui.info('Press Ctrl+C to stop it (it forgets every login).');
  await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
  await idp.close();
}
