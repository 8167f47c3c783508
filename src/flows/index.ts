import type { ResolvedProvider } from '../providers/types.js';
import { authCodeFlow } from './auth-code.js';
import { oauth1Flow } from './oauth1.js';
import type { Flow } from './types.js';

/** Which flow logs in with this provider. Flows share one signature, so commands never branch on the protocol. */
export function flowFor(provider: ResolvedProvider): Flow {
  switch (provider.settings.protocol) {
    case 'oauth1':
      return oauth1Flow;
    default:
      return authCodeFlow;
  }
}
