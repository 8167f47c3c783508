import type { Command } from 'commander';
import type { InspectOptions } from '../commands/inspect.js';
import type { SignOptions } from '../commands/sign.js';
import type { WhoamiOptions } from '../commands/whoami.js';
import { TOKEN_FLAGS, type TokenOptions } from '../token-options.js';
import { ACCOUNT_HELP, CA_HELP, CONFIG_HELP, examples, tokenOption } from './options.js';
import { providerName } from '../providers/resource-id.js';
import { processIo } from './process-io.js';
import { signIn } from './sign-in.js';

/** The commands that use a stored login: token, sign, whoami, inspect. */
export function registerTokenCommands(program: Command): void {
  const token = program
    .command('token')
    .summary('print a valid access token for scripts, refreshing it when needed')
    .description('Print a valid access token of a stored login on stdout, refreshing it when needed.')
    .argument('<provider>', 'provider name');
  for (const key of Object.keys(TOKEN_FLAGS) as (keyof typeof TOKEN_FLAGS)[]) token.addOption(tokenOption(key));
  token
    .addHelpText(
      'after',
      examples(
        ['export GH_TOKEN="$(oauth-login token github)"', 'for gh and other tools that read GH_TOKEN'],
        ['eval "$(oauth-login token google --format env)"', 'set OAUTH_LOGIN_ACCESS_TOKEN in this shell'],
        ['oauth-login token google --min-ttl 600', 'a token valid for at least ten more minutes'],
        ['oauth-login token demo --scope openid', "a token for fewer scopes, minted with the login's refresh token"],
      ),
    )
    .action(async (name: string, opts: TokenOptions) => {
      const { runToken } = await import('../commands/token.js');
      await runToken(name, opts, processIo(), signIn);
    });

  program
    .command('sign')
    .summary('print a signed OAuth 1.0a Authorization header for one request (twitter)')
    .description('Print a signed Authorization header for one request with a stored OAuth 1.0a login (twitter).')
    .argument('<provider>', 'provider name')
    .argument('<method>', 'HTTP method of the request, e.g. GET')
    .argument('<url>', 'full URL of the request, query included')
    .option('--account <name>', ACCOUNT_HELP)
    .option('--config <path>', 'config file (for the consumer secret)')
    .addHelpText(
      'after',
      examples([
        'oauth-login sign twitter GET "$url"',
        'the header for one request to $url (query included): pass it to curl -H',
      ]),
    )
    .action(async (name: string, method: string, url: string, opts: SignOptions) => {
      const { runSign } = await import('../commands/sign.js');
      await runSign(name, method, url, opts, processIo());
    });

  program
    .command('whoami')
    .summary('fetch the profile now with the stored token')
    .description("Fetch the profile from the provider now, with the stored login's token.")
    .argument('<provider>', 'provider name')
    .option('--account <name>', ACCOUNT_HELP)
    .option('--json', 'print one JSON object on stdout')
    .option('--config <path>', CONFIG_HELP)
    .option('--ca-file <path>', CA_HELP)
    .addHelpText('after', examples(['oauth-login whoami github --json', 'the profile as JSON']))
    .action(async (name: string, opts: WhoamiOptions) => {
      const { runWhoami } = await import('../commands/whoami.js');
      await runWhoami(providerName(name), opts, processIo());
    });

  program
    .command('inspect')
    .summary('decode the stored tokens: header, claims, expiry, whether they are verified')
    .description(
      "Show the stored ID token's header and claims (signature verified against the issuer's keys) and the access token's when it is a JWT. Never prints a token.",
    )
    .argument('<provider>', 'provider name')
    .option('--account <name>', ACCOUNT_HELP)
    .option('--json', 'print one JSON object on stdout')
    .option('--introspect', "also ask the provider's introspection endpoint (RFC 7662) about the access token")
    .option('--config <path>', CONFIG_HELP)
    .option('--ca-file <path>', CA_HELP)
    .addHelpText(
      'after',
      examples(
        ['oauth-login inspect google', 'the claims, with exp/iat as local times and "expires in …"'],
        ['oauth-login inspect corp --introspect --json', "the decoded tokens and the provider's answer, as JSON"],
      ),
    )
    .action(async (name: string, opts: InspectOptions) => {
      const { runInspect } = await import('../commands/inspect.js');
      await runInspect(providerName(name), opts, processIo());
    });
}
