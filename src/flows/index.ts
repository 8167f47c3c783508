import type { ResolvedProvider } from '../providers/types.js';
import { authCodeFlow } from './auth-code.js';
import type { Flow } from './types.js';

/** Which flow logs in with this provider. Flows share one signature, so commands never branch on the protocol. */
export function flowFor(provider: ResolvedProvider): Flow {
  switch (provider.settings.protocol) {
    default:
      return authCodeFlow;
  }
}
