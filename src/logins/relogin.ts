import { LoginError } from '../errors.js';
import type { CommandIo, SignIn, SignInRequest } from '../io.js';
import { configuredMachine } from './configured-login.js';
import { askedAccount, findLogin, type Logins } from './service.js';

export interface ReloginRequest {
  account?: string;
  config?: string;
  caFile?: string;
}

/** Who may sign in when a login is needed; neither given: the "needs login" error stands. */
export interface SignInWays {
  /** A person may be asked (kubectl says so, git may prompt): sign in the way the stored login was made. */
  person?: SignIn;
  /** A config entry that names a machine flow logs in from the config alone (a pipeline's `token`). */
  configured?: SignIn;
}

/**
 * Runs `attempt` (which finds a valid token); when it needs a login that may be made here, signs in and tries once
 * more: from the config entry's machine flow when nothing is stored or the stored login was made with another key
 * file, else, when a person may be asked, the way the stored login was made. A machine login has no person to ask.
 */
export async function relogin<T>(
  logins: Logins,
  provider: string,
  request: ReloginRequest,
  attempt: () => Promise<T>,
  ways: SignInWays,
  io: CommandIo,
): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (!(err instanceof LoginError) || err.code !== 'needs_login') throw err;
    const plan = signInPlan(err, logins, provider, request, ways, io.env);
    if (!plan) throw err;
    io.ui.info(plan.note);
    await plan.signIn(plan.request, io);
    return attempt();
  }
}

/** The one decision: may this command sign in, how, and what it says first. */
function signInPlan(
  err: LoginError,
  logins: Logins,
  provider: string,
  request: ReloginRequest,
  ways: SignInWays,
  env: NodeJS.ProcessEnv,
): { signIn: SignIn; request: SignInRequest; note: string } | undefined {
  const account = askedAccount(logins, provider, request.account);
  const stored = findLogin(logins, provider, account);
  const machine = ways.configured ? configuredMachine(provider, stored, request.config, env) : undefined;
  const flow = machine?.flow;
  if (ways.configured && flow && (!stored || machine.keyChanged)) {
    const note = `${stored ? err.message : `Not logged in to ${provider}.`} Logging in with its configured ${flow} flow.`;
    const again = { provider, account, config: request.config, caFile: request.caFile };
    return { signIn: ways.configured, request: again, note };
  }
  if (!ways.person || stored?.kind === 'machine') return undefined;
  const again: SignInRequest = {
    provider,
    account: stored?.account ?? account,
    issuer: stored?.issuer,
    ...(stored?.host && { host: stored.host }),
    clientId: stored?.client_id,
    caFile: stored?.ca_file,
    ...(stored?.private_key_file && { privateKeyFile: stored.private_key_file }),
    store: stored?.store === 'memory' ? undefined : stored?.store,
    ...(request.config && { config: request.config }),
  };
  return { signIn: ways.person, request: again, note: `${err.message} Signing in again.` };
}
