import { shellWord } from '../shell-quote.js';
import { LoginError } from '../errors.js';
import { updateIndex } from './index-file.js';
import { type Logins, listLogins } from './service.js';
import { loginKey, type StoredLogin } from './types.js';

/** The account names stored for a provider, for messages that must say what could have been meant. */
function storedAccounts(logins: Logins, provider: string): string[] {
  return listLogins(logins)
    .filter(({ login }) => login.provider === provider)
    .map(({ login }) => login.account);
}

/** `switch`: this stored login becomes the provider's default (what a bare `token <provider>` uses). */
export async function switchDefault(logins: Logins, provider: string, account: string): Promise<StoredLogin> {
  let chosen: StoredLogin | undefined;
  await updateIndex(logins.dir, (index) => {
    chosen = index.logins[loginKey({ provider, account })];
    if (chosen) index.defaults[provider] = account;
  });
  if (chosen) return chosen;
  const stored = storedAccounts(logins, provider);
  throw new LoginError(
    'unknown_account',
    stored.length === 0
      ? `No login of ${provider} is stored, so there is none to switch to.`
      : `No login of ${provider} is stored as "${account}"; stored: ${stored.join(', ')}.`,
    {
      hint:
        stored.length === 0
          ? `Run: oauth-login login ${shellWord(provider)}`
          : `Run: oauth-login switch ${shellWord(provider)} --account ${shellWord(String(stored[0]))}`,
    },
  );
}
