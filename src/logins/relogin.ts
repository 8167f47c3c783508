import { LoginError } from '../errors.js';
import type { CommandIo, SignIn } from '../io.js';
import { askedAccount, findLogin, type Logins } from './service.js';

/**
 * Runs `attempt` (which finds a valid token); when it needs a login and `signIn` is given (the caller's caller allows
 * asking the person), signs in the way the stored login was made and tries once more. A client-credentials login has
 * no person to ask, so it is never retried this way.
 */
export async function relogin<T>(
  logins: Logins,
  provider: string,
  account: string | undefined,
  attempt: () => Promise<T>,
  signIn: SignIn | undefined,
  io: CommandIo,
): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (!signIn || !(err instanceof LoginError) || err.code !== 'needs_login') throw err;
    const asked = askedAccount(logins, provider, account);
    const stored = findLogin(logins, provider, asked);
    if (stored?.kind === 'machine') throw err;
    io.ui.info(`${err.message} Signing in again.`);
    await signIn(
      {
        provider,
        account: stored?.account ?? asked,
        issuer: stored?.issuer,
        ...(stored?.host && { host: stored.host }),
        clientId: stored?.client_id,
        caFile: stored?.ca_file,
        ...(stored?.private_key_file && { privateKeyFile: stored.private_key_file }),
        store: stored?.store === 'memory' ? undefined : stored?.store,
      },
      io,
    );
    return attempt();
  }
}
