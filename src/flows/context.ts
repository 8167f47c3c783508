import { ciNeedsHeadlessFlow, currentSurroundings, decideBrowser } from '../environment.js';
import { LoginError } from '../errors.js';
import type { FlowName } from '../kinds.js';
import { type AuthRequestFlags, authParamsOf } from './auth-params.js';
import { requestedGrant } from './client-credentials.js';
import type { FlowContext } from './types.js';
import type { ResolvedProvider } from '../providers/types.js';
import type { Ui } from '../ui.js';

export interface ContextOptions {
  timeout: number;
  flow?: FlowName;
  browser?: boolean;
  browserCommand?: string;
  scope?: string;
  resource?: string[];
  audience?: string;
  /** Standard input already carried the secret, so it cannot carry a pasted URL too. */
  clientSecretStdin?: boolean;
}

export interface ContextIo {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  stdin?: NodeJS.ReadStream;
}

/** Flags that only make sense with another flow are an error, not silently ignored. */
export function checkFlowFlags(options: ContextOptions & AuthRequestFlags): void {
  if (options.flow !== 'client-credentials' && (options.resource || options.audience)) {
    throw new LoginError('usage', '--resource and --audience apply only to --flow client-credentials.');
  }
  const browserFlow = options.flow === undefined || options.flow === 'auth-code';
  if (!browserFlow && authParamsOf(options)) {
    throw new LoginError(
      'usage',
      `--prompt, --login-hint and --param apply only to the browser flow, not --flow ${options.flow}.`,
    );
  }
}

/**
 * What the flow gets: the browser decided from where we run (explained in one stderr line), a terminal to paste
 * into when there is one, the machine-grant parameters. In CI with no way to finish, it fails here, before anything
 * waits.
 */
export function flowContext(provider: ResolvedProvider, options: ContextOptions, io: ContextIo): FlowContext {
  const base = { ui: io.ui, signal: io.signal, deadline: Date.now() + options.timeout * 1000 };
  if (options.flow === 'client-credentials') {
    return { ...base, browser: { kind: 'none' }, grant: requestedGrant(provider, options) };
  }
  const stdin = io.stdin ?? process.stdin;
  const where = currentSurroundings(io.env, stdin);
  const decision = decideBrowser(options, where);
  if (decision.failFast) throw ciNeedsHeadlessFlow(provider.name);
  if (decision.note) io.ui.info(decision.note);
  const paste = where.interactive && !options.clientSecretStdin && options.flow !== 'device' ? stdin : undefined;
  return { ...base, browser: decision.browser, paste };
}
