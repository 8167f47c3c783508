import { resolve } from 'node:path';
import { LoginError } from '../errors.js';
import { shellQuote, shellWord } from '../shell-quote.js';
import type { StoredLogin } from './types.js';

/** The command's --config, given back to `login` (absolute: the hint may be run from another directory). */
export const configArg = (config: string | undefined) => (config ? ` --config ${shellQuote(resolve(config))}` : '');

/** At most this many stored logins are named: the list is a reminder, `status` has them all. */
const LISTED = 6;

/**
 * Asked for a login that is not stored: say what is (so a typo or a wrong --account shows at once) and how to log
 * in. `token`, `whoami` and `sign` need a login to go on (needs login, exit 4); `logout` only has nothing to do
 * (exit 1).
 */
export function notStored(
  stored: StoredLogin[],
  provider: string,
  account: string | undefined,
  exit: 'needsLogin' | 'error',
  chosenBy?: string,
  config?: string,
): LoginError {
  const code = exit === 'needsLogin' ? 'needs_login' : 'not_logged_in';
  const relogin = `Run: oauth-login login ${shellWord(provider)}${account === undefined ? '' : ` --account ${shellWord(account)}`}${configArg(config)}`;
  if (stored.length === 0) return new LoginError(code, `Not logged in to ${provider}.`, { exit, hint: relogin });
  const names = stored.slice(0, LISTED).map((l) => `${l.provider} (${l.account})`);
  const more = stored.length > LISTED ? `, and ${stored.length - LISTED} more (oauth-login status)` : '';
  const via = chosenBy === undefined ? '' : `, chosen by ${chosenBy}`;
  const what = account === undefined ? `"${provider}"` : `${provider} (${account}${via})`;
  const theirs = stored.filter((l) => l.provider === provider).map((l) => l.account);
  const hint =
    account !== undefined && theirs.length > 0
      ? `Pass --account ${theirs.slice(0, LISTED).join(' or ')}, or to sign in again: ${relogin.slice(5)}`
      : relogin;
  return new LoginError(code, `No login for ${what}. Stored: ${names.join(', ')}${more}.`, { exit, hint });
}
