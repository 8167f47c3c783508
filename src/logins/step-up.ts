import { LoginError } from '../errors.js';
import type { LoginResult } from '../flows/types.js';
import { insufficientScope } from '../providers/resource.js';
import { terminalSafe } from '../sanitize.js';
import { shellQuote, shellWord } from '../shell-quote.js';
import type { StoredLogin } from './types.js';

export interface StepUpFlags {
  scope?: string;
  /** `login --add-scope`: the stored login's scope plus these (gh's `auth refresh -s`). */
  addScope?: string;
}

/**
 * The scope a login asks for: --scope as given, or with --add-scope the stored login's scope plus the new words
 * (step-up consent). The stored login is replaced only once the new grant succeeded, as any login is: nothing is
 * written before. GitHub writes granted scopes with commas; both separators are read.
 */
export function stepUpScope(provider: string, earlier: StoredLogin | undefined, o: StepUpFlags): string | undefined {
  if (o.addScope === undefined) return o.scope;
  if (o.scope !== undefined)
    throw new LoginError(
      'usage',
      '--add-scope and --scope contradict each other: one adds to the stored scope, one replaces it.',
    );
  if (earlier?.kind !== 'person') {
    const what = earlier
      ? `The ${provider} login (${earlier.account}) has no person to ask`
      : `No login of ${provider} is stored`;
    throw new LoginError('not_logged_in', `${what}, so there is no scope to add to.`, {
      hint: `Run: oauth-login login ${shellWord(provider)} --scope ${shellQuote(o.addScope)}`,
    });
  }
  const words = `${earlier.scope ?? ''} ${o.addScope}`.split(/[\s,]+/).filter(Boolean);
  return [...new Set(words)].join(' ');
}

/**
 * The account a step-up stores under: the stepped-up login's, when the same person (the same subject) signed in
 * again, so that it is replaced even if the new scope reveals an e-mail the old account name was made without.
 */
export function steppedUpAccount(earlier: StoredLogin | undefined, result: LoginResult, o: StepUpFlags) {
  if (o.addScope === undefined || earlier?.kind !== 'person' || result.kind === 'machine') return undefined;
  return result.profile.id === earlier.profile.id ? earlier.account : undefined;
}

/**
 * A resource login about to be reused: when the resource refuses its token for want of scope (403
 * insufficient_scope), the warning that says so, with the step-up command. Undefined when it takes the token, or
 * cannot be asked (the reuse goes on: this is advice, not a check). `account`: the --account the command was given,
 * passed on so that the step-up replaces that login and not the default one.
 */
export async function stepUpWarning(login: StoredLogin, accessToken: string, signal: AbortSignal, account?: string) {
  if (!login.resource) return undefined;
  const wanted = await insufficientScope(login.resource, accessToken, signal).catch(() => undefined);
  if (wanted === undefined) return undefined;
  const scope = terminalSafe(wanted, 200);
  const asks = scope ? `, asking for "${scope}"` : '';
  const add = scope ? shellQuote(scope) : "'SCOPE'";
  const which = account === undefined ? '' : ` --account ${shellWord(account)}`;
  return `${login.resource} refuses the stored token with 403 insufficient_scope${asks}. Step up: oauth-login login ${shellWord(login.resource)}${which} --add-scope ${add}`;
}
