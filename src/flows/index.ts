import { LoginError } from '../errors.js';
import type { FlowName } from '../kinds.js';
import type { ResolvedProvider } from '../providers/types.js';
import { authCodeFlow } from './auth-code.js';
import { clientCredentialsFlow } from './client-credentials.js';
import { deviceFlow } from './device.js';
import { oauth1Flow } from './oauth1.js';
import { tokenExchangeFlow } from './token-exchange.js';
import type { Flow } from './types.js';

/**
 * Which flow logs in with this provider: the one asked for with --flow, else the browser flow of its protocol.
 * Flows share one signature, so commands never branch on the protocol.
 */
export function flowFor(provider: ResolvedProvider, name: FlowName = 'auth-code'): Flow {
  if (provider.settings.protocol === 'oauth1') {
    if (name !== 'auth-code')
      throw new LoginError('unsupported_flow', `OAuth 1.0a providers have only the browser flow, not --flow ${name}.`);
    return oauth1Flow;
  }
  switch (name) {
    case 'auth-code':
      return authCodeFlow;
    case 'device':
      return deviceFlow;
    case 'client-credentials':
      return clientCredentialsFlow;
    case 'token-exchange':
      return tokenExchangeFlow;
  }
}
