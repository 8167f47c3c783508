import { ciNeedsHeadlessFlow, currentSurroundings, decideBrowser, sshOrigin } from '../environment.js';
import { type FlowName, isMachineFlow } from '../kinds.js';
import { machineGrant, type SourceFlags } from './source-flags.js';
import type { FlowContext } from './types.js';
import type { ResolvedProvider } from '../providers/types.js';
import type { Ui } from '../ui.js';

export interface ContextOptions extends SourceFlags {
  timeout: number;
  flow?: FlowName;
  browser?: boolean;
  browserCommand?: string;
  scope?: string;
  resource?: string[];
  audience?: string;
  /** Standard input already carried the secret, so it cannot carry a pasted URL too. */
  clientSecretStdin?: boolean;
  /** What --subject-token-stdin read (the CLI reads it before the command runs); never stored. */
  stdinToken?: string;
}

export interface ContextIo {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  stdin?: NodeJS.ReadStream;
}

/**
 * What the flow gets: the browser decided from where we run (its note, for the flow to print in one stderr line once
 * discovery worked), a terminal to paste into when there is one, the machine-grant parameters. In CI with no way to finish, it fails here, before anything
 * waits.
 */
export function flowContext(provider: ResolvedProvider, options: ContextOptions, io: ContextIo): FlowContext {
  const base = { ui: io.ui, signal: io.signal, deadline: Date.now() + options.timeout * 1000 };
  if (isMachineFlow(options.flow)) {
    const sources = { env: io.env, stdin: options.stdinToken };
    return { ...base, browser: { kind: 'none' }, grant: machineGrant(provider, options), sources };
  }
  const stdin = io.stdin ?? process.stdin;
  const where = currentSurroundings(io.env, stdin);
  const decision = decideBrowser(options, where);
  if (decision.failFast) throw ciNeedsHeadlessFlow(provider.name);
  const paste = where.interactive && !options.clientSecretStdin && options.flow !== 'device' ? stdin : undefined;
  const ssh = decision.place === 'ssh' ? { origin: sshOrigin(io.env) } : undefined;
  return { ...base, browser: decision.browser, paste, note: decision.note, ssh };
}
