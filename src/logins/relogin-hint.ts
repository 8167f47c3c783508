import { needsLogin, type LoginError } from '../errors.js';
import { type ConfigFile, loadConfig } from '../providers/config.js';
import { isPresetName, PRESETS } from '../providers/presets.js';
import { sameUrl } from '../providers/urls.js';
import { shellQuote, shellWord } from '../shell-quote.js';
import { machineLoginArgs } from './machine-relogin.js';
import { configArg } from './not-stored.js';
import { readIndex } from './index-file.js';
import type { StoredLogin } from './types.js';

/** Where the command runs: its environment, and its --config (a Logins handle is one). */
export interface HintContext {
  env: NodeJS.ProcessEnv;
  config?: string;
  /** The logins' folder: given, a person's login that is not the provider's default is named with --account. */
  dir?: string;
}

/** The issuer the preset or the config entry gives the name, when it has one ('none' when the name has neither). */
function namedIssuer(provider: string, config: ConfigFile): string | undefined | 'none' {
  const configured = Object.hasOwn(config.providers, provider) ? config.providers[provider] : undefined;
  const preset = isPresetName(provider) ? (PRESETS[provider] as { issuer?: string }) : undefined;
  if (!preset && !configured) return 'none';
  return configured?.issuer ?? preset?.issuer;
}

/**
 * The issuer to give `login` again so that it signs in where the stored login did (`--issuer`), for a provider that
 * has one: an OpenID preset or entry, or a bare name. A plain OAuth 2.0 provider's stored "issuer" is only its token
 * endpoint's origin, never passed back.
 */
export function storedIssuerFor(provider: string, issuer: string | undefined, config: ConfigFile): string | undefined {
  return namedIssuer(provider, config) === undefined ? undefined : issuer;
}

/**
 * The arguments after `oauth-login login <provider>` that sign in again where and as the stored login did: the
 * issuer when the name alone gives another (a self-hosted GitLab, a bare name), the host of a self-hosted edition
 * (GitHub Enterprise Server), the account when it is not the default, and a machine login's flow and token sources.
 */
export function reloginArgs(login: StoredLogin, at: HintContext): string {
  const words: string[] = [];
  let config: ConfigFile;
  try {
    config = loadConfig(at.config, at.env);
  } catch {
    config = { path: '', providers: {} }; // a damaged config is reported by the login itself
  }
  const named = namedIssuer(login.provider, config);
  const issuer = named === undefined ? undefined : login.issuer; // storedIssuerFor, from the issuer named already
  // A bare name takes the stored issuer by itself (providers/resolve.ts); a preset's or entry's own issuer wins over it.
  if (issuer && typeof named === 'string' && named !== 'none' && !sameUrl(issuer, named))
    words.push(`--issuer ${shellQuote(issuer)}`);
  if (login.host) words.push(`--host ${shellQuote(login.host)}`);
  if (login.kind !== 'machine' && at.dir && readIndex(at.dir).defaults[login.provider] !== login.account)
    words.push(`--account ${shellWord(login.account)}`);
  const machine = login.kind === 'machine' ? machineLoginArgs(login) : '';
  return (words.length ? ` ${words.join(' ')}` : '') + machine + configArg(at.config);
}

/** "Needs login" (exit 4) with the command that signs in again where and as the stored login did. */
export function needsRelogin(login: StoredLogin, why: string, at: HintContext): LoginError {
  return needsLogin(login, why, reloginArgs(login, at));
}
