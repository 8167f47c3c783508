import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LoginError } from '../errors.js';
import {
  CI_TOKEN_ISSUERS,
  type CiTokenIssuer,
  FLOW_NAMES,
  type FlowName,
  PROFILE_KINDS,
  PROTOCOLS,
  TOKEN_AUTHS,
} from '../kinds.js';
import { terminalSafe } from '../sanitize.js';
import { closest } from '../suggest.js';
import type { ProviderSettings } from './types.js';

/**
 * How a machine login of this provider is made, as the login flags say it (flows/configured-grant.ts turns them into
 * those flags): only the config file sets them, and they never become resolved settings (`resource` there is a
 * resource URL login's own indicator).
 */
export interface MachineKeys {
  flow?: FlowName;
  subject_token_from?: CiTokenIssuer;
  subject_token_file?: string;
  subject_token_env?: string;
  subject_token_type?: string;
  client_assertion_from?: CiTokenIssuer;
  client_assertion_file?: string;
  client_assertion_env?: string;
  audience?: string;
  resource?: string | string[];
}
export type ProviderEntry = Partial<ProviderSettings> & MachineKeys;
export interface ConfigFile {
  path: string;
  providers: Record<string, ProviderEntry>;
}

type Check = (value: unknown) => string | undefined;
const isString: Check = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'a non-empty string');
const oneOf =
  (...allowed: string[]): Check =>
  (v) =>
    typeof v === 'string' && allowed.includes(v) ? undefined : `one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
const stringMap: Check = (v) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
    ? undefined
    : 'an object of string values';
const variableName: Check = (v) =>
  typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'a variable name (letters, digits, _)';
const absoluteUri: Check = (v) => (typeof v === 'string' && URL.canParse(v) ? undefined : 'an absolute URI');
const isResource = (v: unknown) => typeof v === 'string' && URL.canParse(v) && !new URL(v).hash;
const resources: Check = (v) =>
  isResource(v) || (Array.isArray(v) && v.length > 0 && v.every(isResource))
    ? undefined
    : 'an absolute URI without #, or a list of them';

export const MACHINE_KEYS: Record<keyof MachineKeys, Check> = {
  flow: oneOf(...FLOW_NAMES),
  subject_token_from: oneOf(...CI_TOKEN_ISSUERS),
  subject_token_file: isString,
  subject_token_env: variableName,
  subject_token_type: absoluteUri,
  client_assertion_from: oneOf(...CI_TOKEN_ISSUERS),
  client_assertion_file: isString,
  client_assertion_env: variableName,
  audience: isString,
  resource: resources,
};

/** Every key a provider entry may hold, and what it must be. Unknown keys are errors: a typo must not pass silently. */
const ENTRY_KEYS: Record<keyof ProviderEntry, Check> = {
  protocol: oneOf(...PROTOCOLS),
  title: isString,
  issuer: isString,
  tenant: isString,
  host: isString,
  authorization_endpoint: isString,
  token_endpoint: isString,
  userinfo_endpoint: isString,
  device_authorization_endpoint: isString,
  revocation_endpoint: isString,
  request_token_url: isString,
  authorize_url: isString,
  access_token_url: isString,
  profile_url: isString,
  emails_url: isString,
  profile_proof: oneOf('appsecret_proof'),
  scope: isString,
  client_id: isString,
  client_secret: isString,
  token_auth: oneOf(...TOKEN_AUTHS),
  redirect_uri: isString,
  authorization_params: stringMap,
  profile: oneOf(...PROFILE_KINDS),
  register_url: isString,
  subject_audience: isString,
  ca_file: isString,
  private_key_file: isString,
  git_username: isString,
  ...MACHINE_KEYS,
};

/** `--config` ← `$OAUTH_LOGIN_CONFIG` ← `$XDG_CONFIG_HOME/oauth-login/config.json` ← `~/.config/oauth-login/config.json`. */
export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv): { path: string; explicit: boolean } {
  if (flag) return { path: flag, explicit: true };
  if (env.OAUTH_LOGIN_CONFIG) return { path: env.OAUTH_LOGIN_CONFIG, explicit: true };
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return { path: join(base, 'oauth-login', 'config.json'), explicit: false };
}

/** Reads and validates the config file. A missing default file is an empty config; a missing explicit one is an error. */
export function loadConfig(flag: string | undefined, env: NodeJS.ProcessEnv): ConfigFile {
  const { path, explicit } = configPath(flag, env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return { path, providers: {} };
    throw new LoginError('config_unreadable', `Cannot read config file ${path}: ${(err as Error).message}`, {
      hint: 'Check the path given by --config or OAUTH_LOGIN_CONFIG.',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalid(path, '(file)', `valid JSON (${jsonSyntaxError(text, err as Error)})`);
  }
  return { path, providers: validateConfig(path, json) };
}

export function validateConfig(path: string, json: unknown): Record<string, ProviderEntry> {
  if (!isObject(json)) throw invalid(path, '(top level)', 'an object like { "providers": { … } }');
  for (const key of Object.keys(json))
    if (key !== 'providers') throw invalid(path, key, 'absent (only "providers" is known)');
  const providers = json.providers ?? {};
  if (!isObject(providers)) throw invalid(path, 'providers', 'an object of provider entries');
  for (const [name, entry] of Object.entries(providers)) {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name))
      throw invalid(path, `providers.${name}`, 'a name of letters, digits, ".", "_" or "-"');
    if (!isObject(entry)) throw invalid(path, `providers.${name}`, 'an object');
    for (const [key, value] of Object.entries(entry)) {
      const check = Object.hasOwn(ENTRY_KEYS, key) ? ENTRY_KEYS[key as keyof ProviderEntry] : undefined;
      if (!check) {
        const meant = closest(key, Object.keys(ENTRY_KEYS));
        const known = meant ? `"${meant}" (the closest known key)` : `one of ${Object.keys(ENTRY_KEYS).join(', ')}`;
        throw invalid(path, `providers.${name}.${key}`, `a known key: ${known}`);
      }
      const expected = check(value);
      if (expected) throw invalid(path, `providers.${name}.${key}`, expected);
    }
  }
  return providers as Record<string, ProviderEntry>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function invalid(path: string, key: string, expected: string): LoginError {
  // The file is the user's own, but a key or a JSON parse message may still carry escape sequences.
  return new LoginError(
    'config_invalid',
    `Invalid config file ${path}: "${terminalSafe(key, 80)}" must be ${terminalSafe(expected, 300)}.`,
    {
      hint: 'Fix the file, or point --config at another one.',
    },
  );
}

/**
 * The parser's complaint with the line and column it points at: Node 20 says only "at position N"; Node 22 and later
 * add "(line L column C)" themselves.
 */
export function jsonSyntaxError(text: string, err: Error): string {
  const message = err.message;
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined || /line \d+ column \d+/.test(message)) return message;
  const before = text.slice(0, Number(position)).split('\n');
  return `${message} (line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1})`;
}
