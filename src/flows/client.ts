import * as oauth from 'oauth4webapi';
import { CLOCK_LEEWAY_S } from './id-token.js';

/** Our client as oauth4webapi sees it, with the documented clock leeway for ID token exp/iat/nbf checks. */
export function oauthClient(clientId: string): oauth.Client {
  return { client_id: clientId, [oauth.clockTolerance]: CLOCK_LEEWAY_S };
}
