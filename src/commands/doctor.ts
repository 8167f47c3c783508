import { checkBrowser } from '../doctor/browser.js';
import { checkClientId, checkConfig, checkKeychain, checkPort } from '../doctor/local.js';
import { checkNetwork } from '../doctor/network.js';
import { checkClock, checkDiscovery } from '../doctor/server.js';
import type { Check, DoctorOptions } from '../doctor/types.js';
import { ExitCode } from '../errors.js';
import type { CommandIo } from '../io.js';
import { terminalSafe } from '../sanitize.js';
import { terminalJson } from '../json-out.js';

/** Every check, in the order a login meets them. Provider checks only run when a provider was named and resolves. */
export async function runChecks(
  name: string | undefined,
  options: DoctorOptions,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<Check[]> {
  const { check: configCheck, config } = checkConfig(options, env);
  const checks = [configCheck];
  const resolved = name && config ? checkClientId(name, config, env, options) : undefined;
  if (resolved) checks.push(resolved.check);
  const provider = resolved?.provider;
  if (provider) checks.push(await checkPort(provider, signal));
  checks.push(checkBrowser(options, env), await checkKeychain(env, options.store));
  if (provider) {
    const network = await checkNetwork(provider, options, env, signal);
    const entry =
      config && Object.hasOwn(config.providers, provider.name) ? config.providers[provider.name] : undefined;
    const browser = entry?.flow === undefined || entry.flow === 'auth-code';
    checks.push(network.check, checkClock(network.probe), await checkDiscovery(provider, signal, browser));
  }
  return checks;
}

/**
 * `oauth-login doctor [provider]`: one line per check, ✓, ! (passed with a warning) or ✗ with the fix. Exit 0 when
 * all pass, warnings included; 1 otherwise.
 */
export async function runDoctor(name: string | undefined, options: DoctorOptions, io: CommandIo): Promise<number> {
  const checks = await runChecks(name, options, io.env, io.signal);
  const ok = checks.every((c) => c.ok);
  if (options.json) io.out(terminalJson({ ok, provider: name ?? null, checks }));
  else io.out(checks.map(describe).join('\n'));
  return ok ? ExitCode.ok : ExitCode.error;
}

// Details can quote a provider's answers (error texts, URLs): terminal-safe, like everything it sends.
function describe(c: Check): string {
  const fix = c.fix ? ` → ${terminalSafe(c.fix, 400)}` : '';
  return `${c.warning ? '!' : c.ok ? '✓' : '✗'} ${c.name}: ${terminalSafe(c.detail, 400)}${fix}`;
}
