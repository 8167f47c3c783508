import { dirname, resolve } from 'node:path';
import { LoginError } from '../errors.js';
import type { FlowName } from '../kinds.js';
import type { ConfigFile, MachineKeys, ProviderEntry } from '../providers/config.js';
import type { SourceFlags } from './source-flags.js';

/** The login options a config entry can stand in for. */
export interface ConfigurableOptions extends SourceFlags {
  flow?: FlowName;
  audience?: string;
  resource?: string[];
}

type Key = keyof MachineKeys;
const SUBJECT: Key[] = ['subject_token_from', 'subject_token_file', 'subject_token_env'];
const ASSERTION: Key[] = ['client_assertion_from', 'client_assertion_file', 'client_assertion_env'];
/** Which flows each key means something to; a key set for another flow is an error, never ignored. */
const FLOWS_OF: Record<Exclude<Key, 'flow'> | 'subject_audience', readonly FlowName[]> = {
  subject_token_from: ['token-exchange'],
  subject_token_file: ['token-exchange'],
  subject_token_env: ['token-exchange'],
  subject_token_type: ['token-exchange'],
  client_assertion_from: ['client-credentials', 'token-exchange'],
  client_assertion_file: ['client-credentials', 'token-exchange'],
  client_assertion_env: ['client-credentials', 'token-exchange'],
  audience: ['client-credentials', 'token-exchange'],
  resource: ['client-credentials', 'token-exchange'],
  subject_audience: ['client-credentials', 'token-exchange'],
};

/**
 * The login options with what the provider's config entry says filled in: its "flow", its token sources, audience
 * and resources, so that `login corp` (and `token corp` with nothing stored) needs no flag in a pipeline. A flag wins
 * over its key; a source flag replaces the entry's source of the same kind (subject token or client assertion).
 */
export function configuredOptions<T extends ConfigurableOptions>(name: string, options: T, config?: ConfigFile): T {
  const entry = config && Object.hasOwn(config.providers, name) ? config.providers[name] : undefined;
  if (!entry || !config) return options;
  const flow = options.flow ?? entry.flow;
  const where = (key: string) => `"${key}" under providers.${name} in ${config.path}`;
  for (const [key, flows] of Object.entries(FLOWS_OF)) {
    if (entry[key as Key | 'subject_audience'] === undefined || (flow && flows.includes(flow))) continue;
    throw new LoginError(
      'config_invalid',
      `The config key ${where(key)} does not apply to the ${flow ?? 'browser'} flow.`,
      {
        hint: `It applies to ${flows.map((f) => `--flow ${f}`).join(' or ')}: set "flow" (or pass --flow), or remove the key.`,
      },
    );
  }
  const out: T = { ...options, flow };
  const path = (file: string | undefined) => file && resolve(dirname(config.path), file);
  if (
    !options.subjectTokenFile &&
    !options.subjectTokenEnv &&
    !options.subjectTokenFrom &&
    !options.subjectTokenStdin
  ) {
    oneKey(SUBJECT, entry, where);
    out.subjectTokenFile = path(entry.subject_token_file);
    out.subjectTokenEnv = entry.subject_token_env;
    out.subjectTokenFrom = entry.subject_token_from;
  }
  if (!options.clientAssertionFile && !options.clientAssertionEnv && !options.clientAssertionFrom) {
    oneKey(ASSERTION, entry, where);
    out.clientAssertionFile = path(entry.client_assertion_file);
    out.clientAssertionEnv = entry.client_assertion_env;
    out.clientAssertionFrom = entry.client_assertion_from;
  }
  if (options.subjectAudience === undefined) subjectAudience(entry, out, where);
  out.subjectTokenType ??= entry.subject_token_type;
  out.audience ??= entry.audience;
  out.resource ??= typeof entry.resource === 'string' ? [entry.resource] : entry.resource;
  return out;
}

/** A token has one source: two keys of the same kind would leave it to chance which one is read. */
function oneKey(keys: Key[], entry: MachineKeys, where: (key: string) => string): void {
  const set = keys.filter((key) => entry[key] !== undefined);
  if (set.length > 1)
    throw new LoginError('config_invalid', `The config keys ${where(set.join('" and "'))} name two token sources.`, {
      hint: `Keep one of ${set.join(', ')}.`,
    });
}

/**
 * "subject_audience" is asked only of a CI's token service. In an entry that configures its machine login ("flow" or
 * a source key), a login that reads no CI token (a file, a variable, a secret, a key, a source flag in place of its
 * "…_from") would drop it: an error, as --subject-audience is. Without those keys it is the provider's default for a
 * CI source named by flag.
 */
function subjectAudience(entry: ProviderEntry, out: ConfigurableOptions, where: (key: string) => string): void {
  if (entry.subject_audience === undefined) return;
  const ci = out.subjectTokenFrom ?? out.clientAssertionFrom;
  const configures = entry.flow !== undefined || [...SUBJECT, ...ASSERTION].some((key) => entry[key] !== undefined);
  if (ci) out.subjectAudience = entry.subject_audience;
  else if (configures)
    throw new LoginError(
      'config_invalid',
      `The config key ${where('subject_audience')} applies only to a token from a CI, and this login reads none.`,
      {
        hint: 'Remove "subject_audience", or read the token with "subject_token_from" or "client_assertion_from" (--subject-token-from, --client-assertion-from).',
      },
    );
}
