import { resolve } from 'node:path';
import { LoginError } from '../errors.js';
import type { CiTokenIssuer, FlowName } from '../kinds.js';
import type { ResolvedProvider } from '../providers/types.js';
import { requestedGrant } from './client-credentials.js';
import { JWT_TOKEN_TYPE } from './token-exchange.js';
import type { MachineGrant, TokenSource } from './types.js';

/** The login flags that name where a subject token or a client assertion is read (never the token itself). */
export interface SourceFlags {
  subjectTokenFile?: string;
  subjectTokenEnv?: string;
  subjectTokenStdin?: boolean;
  subjectTokenFrom?: CiTokenIssuer;
  subjectTokenType?: string;
  /** The audience asked of the CI's token service (the JWT's `aud`). */
  subjectAudience?: string;
  clientAssertionFile?: string;
  clientAssertionEnv?: string;
  clientAssertionFrom?: CiTokenIssuer;
}

export interface GrantFlags extends SourceFlags, MachineGrant {
  flow?: FlowName;
}

/** What a machine login asks for: scope, resources and audience, plus where its tokens come from. */
export function machineGrant(provider: ResolvedProvider, flags: GrantFlags): MachineGrant {
  const grant = requestedGrant(provider, flags);
  const audience = flags.subjectAudience ?? provider.settings.subject_audience;
  const subject = oneSource(
    '--subject-token',
    flags.subjectTokenFile,
    flags.subjectTokenEnv,
    flags.subjectTokenFrom,
    audience,
    flags.subjectTokenStdin,
  );
  const assertion = oneSource(
    '--client-assertion',
    flags.clientAssertionFile,
    flags.clientAssertionEnv,
    flags.clientAssertionFrom,
    audience,
  );
  if (subject) grant.subject = { source: subject, token_type: flags.subjectTokenType ?? JWT_TOKEN_TYPE };
  if (assertion) grant.assertion = assertion;
  return grant;
}

/** Flags that belong to another flow are an error, not silently ignored. */
export function checkSourceFlags(flags: GrantFlags): void {
  const subjectFlags =
    flags.subjectTokenFile ?? flags.subjectTokenEnv ?? flags.subjectTokenFrom ?? flags.subjectTokenType;
  if (flags.flow !== 'token-exchange' && (subjectFlags !== undefined || flags.subjectTokenStdin)) {
    throw new LoginError('usage', 'The --subject-token-* flags apply only to --flow token-exchange.');
  }
  const assertion = flags.clientAssertionFile ?? flags.clientAssertionEnv ?? flags.clientAssertionFrom;
  if (assertion !== undefined && flags.flow !== 'client-credentials' && flags.flow !== 'token-exchange') {
    throw new LoginError('usage', '--client-assertion-* apply only to --flow client-credentials or token-exchange.');
  }
  const ci = flags.subjectTokenFrom ?? flags.clientAssertionFrom;
  if (flags.subjectAudience !== undefined && ci === undefined) {
    throw new LoginError(
      'usage',
      '--subject-audience applies only to a token from a CI (--subject-token-from, --client-assertion-from).',
    );
  }
}

function oneSource(
  flag: string,
  file: string | undefined,
  env: string | undefined,
  ci: CiTokenIssuer | undefined,
  audience: string | undefined,
  stdin?: boolean,
): TokenSource | undefined {
  const given = [file, env, ci, stdin ? 'stdin' : undefined].filter((v) => v !== undefined);
  if (given.length > 1) {
    throw new LoginError(
      'usage',
      `Give one of ${flag}-file, ${flag}-env, ${flag}-from${stdin !== undefined ? ` and ${flag}-stdin` : ''}, not several.`,
    );
  }
  // A relative path is kept absolute: `token` may run from another directory.
  if (file !== undefined) return { kind: 'file', path: resolve(file) };
  if (env !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(env))
      throw new LoginError('usage', `${flag}-env takes a variable name (letters, digits, _), not its value.`);
    return { kind: 'env', name: env };
  }
  if (ci !== undefined) return audience ? { kind: 'ci', ci, audience } : { kind: 'ci', ci };
  return stdin ? { kind: 'stdin' } : undefined;
}
