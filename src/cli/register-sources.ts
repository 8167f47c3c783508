import { type Command, InvalidArgumentError, Option } from 'commander';
import { CI_TOKEN_ISSUERS } from '../kinds.js';

/** --subject-token-type: an absolute URI (RFC 8693 §3 names them urn:ietf:params:oauth:token-type:*). */
function tokenTypeUri(value: string): string {
  if (!URL.canParse(value))
    throw new InvalidArgumentError('must be an absolute URI, e.g. urn:ietf:params:oauth:token-type:jwt.');
  return value;
}

/**
 * Where `--flow token-exchange` reads its subject token and a machine login its client assertion. Each names a
 * source (a path, a variable name, a CI), never a token: argv is world-readable.
 */
export function addSourceOptions(command: Command): Command {
  return command
    .option(
      '--subject-token-file <path>',
      'token exchange: read the subject token from this file (again at each renewal)',
    )
    .option('--subject-token-env <var>', 'token exchange: read the subject token from this environment variable')
    .option('--subject-token-stdin', 'token exchange: read the subject token from standard input (once)')
    .addOption(
      new Option('--subject-token-from <ci>', "token exchange: ask the CI for the job's OIDC token").choices(
        CI_TOKEN_ISSUERS,
      ),
    )
    .option(
      '--subject-token-type <uri>',
      'subject_token_type (default: urn:ietf:params:oauth:token-type:jwt)',
      tokenTypeUri,
    )
    .option('--subject-audience <aud>', "audience of the CI's OIDC token (default: the config's subject_audience)")
    .option('--client-assertion-file <path>', 'authenticate the client with the JWT in this file (RFC 7523)')
    .option('--client-assertion-env <var>', 'authenticate the client with the JWT in this environment variable')
    .addOption(
      new Option('--client-assertion-from <ci>', "authenticate the client with the CI job's OIDC token").choices(
        CI_TOKEN_ISSUERS,
      ),
    );
}
