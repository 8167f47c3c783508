import { type ClientRef, type ServerSummary, withPostHint } from '../oauth-client.js';
import { discover } from '../providers/discover.js';
import type { ResolvedProvider } from '../providers/types.js';
import { serverSummary } from './token-result.js';
import type { Sources } from './token-source.js';
import type { FlowContext, MachineFlow, MachineGrant, MachineResult, TokenSet } from './types.js';

/** A machine grant's request (client credentials, token exchange): at login, and again by `token` on expiry. */
export type MintTokens = (
  server: ServerSummary,
  clientRef: ClientRef,
  grant: MachineGrant,
  signal: AbortSignal,
  sources?: Sources,
) => Promise<TokenSet>;

/** Discovery, the grant, and what a machine login is stored from: the same for every machine flow. */
export async function machineResult(
  provider: ResolvedProvider,
  ctx: FlowContext,
  grant: MachineGrant,
  flow: MachineFlow,
  mint: MintTokens,
): Promise<MachineResult> {
  const s = provider.settings;
  const as = await discover(provider, ctx.signal, []);
  const server = serverSummary(provider, as);
  const tokens = await mint(server, s, grant, ctx.signal, ctx.sources).catch((err) => {
    throw withPostHint(err, as, s);
  });
  return { kind: 'machine', flow, provider: provider.name, client_id: s.client_id, tokens, server, grant };
}

/** The scope, resource indicators (RFC 8707) and audience a machine grant asks for, added to its request. */
export function grantParams(grant: MachineGrant, params = new URLSearchParams()): URLSearchParams {
  if (grant.scope) params.set('scope', grant.scope);
  for (const resource of grant.resource ?? []) params.append('resource', resource);
  if (grant.audience) params.set('audience', grant.audience);
  return params;
}
