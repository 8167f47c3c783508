import { type Command, Option } from 'commander';
import type { LoginOptions } from '../commands/login.js';
import { ExitCode, LoginError } from '../errors.js';
import { FLOW_NAMES } from '../kinds.js';
import { readStdinSecret } from '../secret-input.js';
import { authParam, CA_HELP, CONFIG_HELP, examples, integer, resourceUri, STORE_HELP } from './options.js';
import { processIo } from './process-io.js';
import { addSourceOptions } from './register-sources.js';

const LOGIN_EXAMPLES = examples(
  ['oauth-login demo', 'sign in to the embedded demo provider (no app to register)'],
  ['oauth-login login google --client-id ID --client-secret-stdin', 'Google, with the app you registered'],
  ['oauth-login login github --flow device', 'a code to type on any device: for SSH and headless boxes'],
  ['oauth-login login oidc --issuer https://idp.example.com --client-id ID', 'any OpenID Provider'],
  ['oauth-login corp --flow token-exchange --subject-token-from github-actions', "CI: trade the job's OIDC token"],
  ['oauth-login login https://mcp.example.com/mcp', 'an OAuth-protected resource or MCP server, from its URL'],
);

export function registerLogin(program: Command, setExit: (code: number) => void): void {
  const login = program
    .command('login')
    .summary('sign in: browser, device code or client credentials (also: oauth-login <provider>)')
    .description('Sign in with a provider and store the tokens. `oauth-login <provider>` is short for this.')
    .argument(
      '<provider>',
      'a preset (see "providers"), a config-file entry, any name with --issuer, or a resource URL',
    )
    .option('--issuer <url>', 'OpenID Provider issuer URL (discovery at /.well-known/openid-configuration)')
    .option('--client-id <id>', 'OAuth client id')
    .option('--client-secret-stdin', 'read the client secret from standard input')
    .option('--scope <scopes>', 'space-separated scopes (replaces the preset scopes)')
    .option('--add-scope <scopes>', 'sign in again asking for the stored scope plus these (step-up)')
    .option('--tenant <tenant>', 'Microsoft tenant (default: common)')
    .option('--host <host>', "a self-hosted edition's host: GitHub Enterprise Server (github)")
    .option('--redirect-uri <uri>', 'loopback redirect URI (default: http://localhost:5000/callback)')
    .option('--port <n>', 'port of the redirect URI; 0 picks a free one', integer(0, 65535))
    .addOption(
      new Option('--timeout <sec>', 'give up after this many seconds').default(300).argParser(integer(1, 86400)),
    )
    .option('--no-browser', 'do not open a browser; only print the URL')
    .option('--browser-command <cmd>', 'run this command with the URL as its last argument (overrides $BROWSER)')
    .option('--json', 'print one JSON object on stdout')
    .option('--show-tokens', 'include access, refresh and ID tokens in the JSON output')
    .option('--config <path>', CONFIG_HELP)
    .option('-q, --quiet', 'no progress output on stderr (errors are still shown)')
    .option('--store <store>', STORE_HELP)
    .option('--account <name>', 'store the login under this name (default: username, e-mail or id)')
    .option('--force', 'sign in again even if a stored login still works')
    .addOption(
      new Option(
        '--flow <flow>',
        "how to sign in: browser (default), a code typed on any device, a client secret or the CI job's token",
      ).choices(FLOW_NAMES),
    )
    .option('--resource <uri>', 'resource indicator for the machine flows (repeatable)', resourceUri)
    .option('--audience <aud>', 'audience for the machine flows (e.g. Auth0, token exchange)')
    .option('--prompt <value>', 'OpenID Connect prompt: login, consent, select_account or none (browser flow)')
    .option('--login-hint <value>', 'the account to suggest on the sign-in page, e.g. an e-mail (browser flow)')
    .option('--param <key=value>', 'another parameter for the authorization request (repeatable)', authParam)
    .option('--ca-file <path>', CA_HELP)
    .option(
      '--private-key-file <path>',
      'authenticate the client with private_key_jwt, signed with this key (PEM or JWK)',
    )
    .option('--authorization-server <url>', 'with a resource URL: which authorization server it names to use')
    .option('--register', 'with a resource URL: register a new client even if one is kept for its server')
    .option(
      '--client-metadata-url <url>',
      'with a resource URL: your client ID metadata document (https), as client id',
    );
  addSourceOptions(login)
    .addHelpText('after', LOGIN_EXAMPLES)
    .action(async (name: string, opts: LoginOptions & { quiet?: boolean }) => {
      const io = processIo(opts);
      if (opts.clientSecretStdin && opts.subjectTokenStdin)
        throw new LoginError('usage', 'Standard input can carry the client secret or the subject token, not both.');
      const clientSecret = opts.clientSecretStdin ? await readStdinSecret() : undefined;
      const subject = { flag: '--subject-token-stdin', prompt: 'Subject token' };
      const stdinToken = opts.subjectTokenStdin ? await readStdinSecret(undefined, undefined, subject) : undefined;
      const { runLogin } = await import('../commands/login.js');
      await runLogin(name, { ...opts, clientSecret, stdinToken }, io);
      setExit(ExitCode.ok);
    });
}
