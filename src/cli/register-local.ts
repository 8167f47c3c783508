import { DEMO_PORT } from '../commands/demo-provider.js';
import { type Command, Option } from 'commander';
import type { LogoutOptions } from '../commands/logout.js';
import type { SwitchOptions } from '../commands/switch.js';
import type { DoctorOptions } from '../doctor/types.js';
import { writeStdout } from '../io.js';
import { ACCOUNT_HELP, CA_HELP, CONFIG_HELP, examples, integer } from './options.js';
import { providerName } from '../providers/resource-id.js';
import { processIo } from './process-io.js';

/** The commands that look after stored logins and this machine: status, logout, doctor, providers. */
export function registerLocalCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('status')
    .summary('list stored logins; exit 4 when none is stored or any needs a new login')
    .description('List the stored logins. Exit 4 when none is stored or any needs a new login.')
    .option('--json', 'print a JSON array on stdout')
    .addHelpText('after', examples(['oauth-login status || oauth-login login github', 'sign in when needed']))
    .action(async (opts: { json?: boolean }) => {
      const { runStatus } = await import('../commands/status.js');
      setExit(await runStatus(opts, processIo()));
    });

  program
    .command('switch')
    .summary("make a stored login the provider's default")
    .description(
      "Make a stored login the provider's default: what token, whoami, logout and the helpers use without --account.",
    )
    .argument('<provider>', 'provider name')
    .requiredOption('--account <name>', 'the stored login to use from now on (see "status")')
    .addHelpText(
      'after',
      examples(
        ['oauth-login switch github --account work', 'the "work" login is the default'],
        ['export OAUTH_LOGIN_GITHUB_ACCOUNT=work', 'the same for this shell only (direnv: one directory)'],
      ),
    )
    .action(async (name: string, opts: SwitchOptions) => {
      const { runSwitch } = await import('../commands/switch.js');
      await runSwitch(providerName(name), opts, processIo());
    });

  program
    .command('logout')
    .summary('revoke the tokens at the provider and delete them here')
    .description('Revoke the tokens at the provider (RFC 7009) and delete them from this machine.')
    .argument('<provider>', 'provider name')
    .option('--account <name>', ACCOUNT_HELP)
    .option('--all', 'every stored login of this provider')
    .option('-q, --quiet', 'no progress output on stderr')
    .option('--ca-file <path>', CA_HELP)
    .addHelpText('after', examples(['oauth-login logout github --all', 'every GitHub login on this machine']))
    .action(async (name: string, opts: LogoutOptions & { quiet?: boolean }) => {
      const { runLogout } = await import('../commands/logout.js');
      // A resource URL's login is stored under its identifier, whatever spelling of the URL was typed.
      await runLogout(providerName(name), opts, processIo(opts));
    });

  program
    .command('doctor')
    .summary('check what a login needs here: config, port, browser, keychain, clock')
    .description(
      'Check what a login needs on this machine: config, client id, port, browser, keychain, clock, discovery.',
    )
    .argument('[provider]', 'also check this provider (client id, redirect port, clock, discovery)')
    .option('--issuer <url>', 'OpenID Provider issuer URL')
    .option('--client-id <id>', 'OAuth client id')
    .option('--redirect-uri <uri>', 'loopback redirect URI')
    .option('--port <n>', 'port of the redirect URI', integer(0, 65535))
    .option('--browser-command <cmd>', 'the browser command to check (overrides $BROWSER)')
    .option('--json', 'print one JSON object on stdout')
    .option('--config <path>', CONFIG_HELP)
    .option('--ca-file <path>', CA_HELP)
    .option('--store <store>', 'the store to check, as login --store takes it (default: $OAUTH_LOGIN_STORE or auto)')
    .addHelpText('after', examples(['oauth-login doctor google', 'everything a Google login needs, checked']))
    .action(async (name: string | undefined, opts: DoctorOptions) => {
      const { runDoctor } = await import('../commands/doctor.js');
      setExit(await runDoctor(name, opts, processIo()));
    });

  program
    .command('demo-provider')
    .summary('run the embedded demo provider on 127.0.0.1 for "oauth-login demo"')
    .description('Run the embedded demo OpenID Provider on 127.0.0.1 until Ctrl+C: sign in with any name and password.')
    .addOption(
      new Option('--port <n>', 'port on 127.0.0.1; 0 picks a free one').default(DEMO_PORT).argParser(integer(0, 65535)),
    )
    .addHelpText('after', examples(['oauth-login demo-provider', 'then, in another terminal: oauth-login demo']))
    .action(async (opts: { port: number }) => {
      const { runDemoProvider } = await import('../commands/demo-provider.js');
      await runDemoProvider(opts, processIo());
    });

  program
    .command('providers')
    .summary('list the known providers: presets and config-file entries')
    .description('List the known providers: the presets and the entries of the config file.')
    .option('--json', 'print a JSON array on stdout')
    .option('--config <path>', CONFIG_HELP)
    .addHelpText('after', examples(['oauth-login providers --json', 'the list as JSON']))
    .action(async (opts: { json?: boolean; config?: string }) => {
      const { runProviders } = await import('../commands/providers.js');
      runProviders(opts, { env: process.env, out: writeStdout });
    });
}
