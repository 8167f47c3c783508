import { type ContextOptions, flowContext } from '../flows/context.js';
import { checkSourceFlags } from '../flows/source-flags.js';
import { configuredOptions } from '../flows/configured-grant.js';
import { checkLoginFlags } from '../option-checks.js';
import { type AuthRequestFlags, authParamsOf } from '../flows/auth-params.js';
import { flowFor } from '../flows/index.js';
import type { LoginResult } from '../flows/types.js';
import type { CommandIo } from '../io.js';
import { accountFor, storedLoginFor } from '../logins/entries.js';
import { findLogin, openLogins, saveLogin } from '../logins/service.js';
import { type StepUpFlags, steppedUpAccount, stepUpScope } from '../logins/step-up.js';
import { storeForNewLogin, storeLabel, storeOption } from '../logins/stores.js';
import type { StoredLogin } from '../logins/types.js';
import { providerCaFile } from '../network/ca.js';
import { loginJson, machineJson, machineLines, profileLines } from '../output.js';
import { describeProfile } from '../profile.js';
import { loadConfig } from '../providers/config.js';
import { type ProviderFlags, resolveProvider } from '../providers/resolve.js';
import { terminalSafe } from '../sanitize.js';
import { configureNetwork } from '../transport.js';
import { checkClientKey } from '../oauth-client.js';
import { terminalJson } from '../json-out.js';
import { isResourceUrl, resourceIdentifier } from '../providers/resource-id.js';
import { type UrlLogin, urlProvider } from '../flows/url-provider.js';
import { rejectedClient } from '../flows/url-client.js';
import { findRegistration, saveRegistration } from '../logins/registrations.js';
import { reuseStoredLogin } from '../logins/reuse.js';
import { revokeUnsaved } from '../logins/revoke-unsaved.js';

export interface LoginOptions extends ProviderFlags, ContextOptions, AuthRequestFlags, StepUpFlags {
  config?: string;
  json?: boolean;
  showTokens?: boolean;
  store?: string;
  account?: string;
  force?: boolean;
  caFile?: string;
  /** A resource URL's login: which of the authorization servers it names. */
  authorizationServer?: string;
  /** A resource URL's login: register a new client, whatever is kept for its server. */
  register?: boolean;
  /** A resource URL's login: a client ID metadata document's URL, used as the client id. */
  clientMetadataUrl?: string;
}

/** `oauth-login login <provider>`: reuse a working stored login, or run the flow, store the tokens, print the result. */
export async function runLogin(name: string, given: LoginOptions, io: CommandIo): Promise<void> {
  const url = isResourceUrl(name);
  // A config entry may name the flow and its token sources (flows/configured-grant.ts); a resource URL has none.
  const config = url ? undefined : loadConfig(given.config, io.env);
  const options = configuredOptions(name, given, config);
  checkLoginFlags(options, url);
  checkSourceFlags(options);
  const logins = openLogins(io.env);
  // `login NAME` again signs in where the stored login did: its issuer and client id fill what flags leave out.
  const earlier = findLogin(logins, url ? resourceIdentifier(name) : name, options.account);
  const stored = earlier && { issuer: earlier.issuer, client_id: earlier.client_id };
  const flags = { ...options, scope: stepUpScope(name, earlier, options), authParams: authParamsOf(options) };
  const known = (issuer: string) => findRegistration(logins, issuer);
  const fromUrl = config ? undefined : await urlProvider(name, flags, io, { earlier: stored, known });
  const provider = config ? resolveProvider(name, config, io.env, flags, stored) : (fromUrl as UrlLogin).provider;
  // Proxy variables and the CA file are checked now: a bad one fails before any browser opens.
  const ca = configureNetwork(io.env, providerCaFile(options.caFile, io.env, provider)).ca?.choice;
  const assertion = options.clientAssertionFile ?? options.clientAssertionEnv ?? options.clientAssertionFrom;
  await checkClientKey(provider.settings, assertion !== undefined);
  const option = storeOption(options.store ?? keptStore(earlier, io.env), io.env);
  // --prompt, --login-hint, --param and --add-scope only mean something when the browser opens: a new sign-in.
  const fresh = options.force || flags.authParams !== undefined || options.addScope !== undefined;
  const reused = !fresh && option !== 'none' ? await reuseStoredLogin(logins, provider, options, io) : undefined;
  if (reused) {
    io.out(resultText(reused.result, reused.account, options));
    return;
  }
  const ctx = flowContext(provider, options, io);
  // Chosen before the browser opens: an explicit --store keychain that cannot work fails before the person signs in.
  // Its notice waits for the flow: no note about this machine before a discovery error, which matters more.
  const notices: string[] = [];
  const store = await storeForNewLogin(option, logins.dir, io.env, (text) => notices.push(text));
  // A client registered now is kept before the sign-in: an abandoned login must not leave it to be registered again.
  const registered = fromUrl?.client.registered;
  if (registered) await saveRegistration(logins, store, { ...registered, issuer: fromUrl.client.issuer });
  const result = await flowFor(provider, options.flow)(provider, ctx).catch((err: unknown) => {
    throw fromUrl ? rejectedClient(err, fromUrl.client, provider.name, options.flow === 'device') : err;
  });
  for (const text of notices) io.ui.notice(text);
  const account = accountFor(result, options.account ?? steppedUpAccount(earlier, result, options));
  const login = storedLoginFor(result, provider, account, store.kind, ca?.path);
  const profile = result.kind === 'machine' ? undefined : result.profile;
  const secret = { tokens: result.tokens, client_secret: provider.settings.client_secret, profile };
  await saveLogin(logins, store, login, secret).catch((err) => revokeUnsaved(login, secret, err, io.signal));
  const title = provider.settings.title ?? provider.name;
  const where = `(tokens: ${storeLabel(store.kind)})`;
  io.ui.success(
    result.kind === 'machine'
      ? `Got a ${result.flow} token from ${title} for client ${terminalSafe(result.client_id)} ${where}`
      : `Signed in to ${title} as ${describeProfile(result.profile)} ${where}`,
  );
  io.out(resultText(result, account, options));
}

/** A new sign-in of a login kept in a private file stays there (auto would move it to the keychain). */
function keptStore(earlier: StoredLogin | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return earlier?.store === 'file' && env.OAUTH_LOGIN_STORE === undefined ? 'file' : undefined;
}

function resultText(result: LoginResult, account: string, options: LoginOptions): string {
  const tokens = options.showTokens === true;
  if (result.kind === 'machine') {
    return options.json ? terminalJson(machineJson(result, account, tokens)) : machineLines(result, account);
  }
  return options.json
    ? terminalJson(loginJson(result, account, tokens))
    : profileLines(result.provider, result.profile);
}
