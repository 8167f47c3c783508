/** The variables readNetworkSettings reads and may refuse; NO_PROXY it never refuses. */
const NETWORK_VARIABLES = [
  'OAUTH_LOGIN_HTTP_TIMEOUT_MS',
  'OAUTH_LOGIN_CA_FILE',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
];

/**
 * The full CLI's `token` reads the network settings (timeout, proxies, CA file) before it looks at the token, so a
 * broken one is an error even when the stored token is fresh. The fast path (fast.ts) checks them with the same code,
 * so that the exit code never depends on the token's freshness. Loaded, with node:tls, only when a setting is given;
 * never the transport itself, which would bring undici into the fast path's bundle.
 */
export async function checkNetwork(
  env: NodeJS.ProcessEnv,
  caFlag: string | undefined,
  login: { provider: string; account: string; ca_file?: string },
) {
  if (!caFlag && !login.ca_file && !NETWORK_VARIABLES.some((name) => env[name])) return;
  const [{ readNetworkSettings }, { storedCaFile }] = await Promise.all([import('./settings.js'), import('./ca.js')]);
  readNetworkSettings(env, storedCaFile(caFlag, env, login));
}
