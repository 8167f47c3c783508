import type { TokenSource } from '../flows/types.js';
import { shellQuote, shellWord } from '../shell-quote.js';
import type { MachineLogin } from './types.js';

const DEFAULT_SUBJECT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

/** The flag that names a token source again, as `login` takes it. */
function sourceFlag(prefix: 'subject-token' | 'client-assertion', source: TokenSource): string {
  switch (source.kind) {
    case 'file':
      return `--${prefix}-file ${shellQuote(source.path)}`;
    case 'env':
      return `--${prefix}-env ${source.name}`;
    case 'stdin':
      return `--${prefix}-stdin`;
    case 'ci':
      return `--${prefix}-from ${source.ci}`;
  }
}

/**
 * The arguments after `oauth-login login <provider>` that make this machine login again as it was made: its flow,
 * its token sources (a token exchange cannot run without one) and its account when it is not the client id.
 */
export function machineLoginArgs(login: MachineLogin): string {
  const { subject, assertion } = login.grant;
  const words = [`--flow ${login.flow}`];
  if (subject) {
    words.push(sourceFlag('subject-token', subject.source));
    if (subject.source.kind === 'ci' && subject.source.audience)
      words.push(`--subject-audience ${shellQuote(subject.source.audience)}`);
    if (subject.token_type !== DEFAULT_SUBJECT_TYPE)
      words.push(`--subject-token-type ${shellWord(subject.token_type)}`);
  }
  if (assertion) words.push(sourceFlag('client-assertion', assertion));
  if (login.account !== login.client_id) words.push(`--account ${shellQuote(login.account)}`);
  return ` ${words.join(' ')}`;
}
