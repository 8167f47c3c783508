import { LoginError } from './errors.js';
import { type FlowName, isMachineFlow } from './kinds.js';

/**
 * Options that cannot apply to what was asked are errors, never silently ignored: a person who passes one expects
 * it to do something. Checked before anything is read, opened or sent.
 */
export interface LoginFlags {
  flow?: FlowName;
  json?: boolean;
  showTokens?: boolean;
  resource?: string[];
  audience?: string;
  port?: number;
  redirectUri?: string;
  browser?: boolean;
  browserCommand?: string;
  prompt?: string;
  loginHint?: string;
  param?: Record<string, string>;
  authorizationServer?: string;
  register?: boolean;
  clientMetadataUrl?: string;
}

const usage = (message: string, hint?: string) => new LoginError('usage', message, { hint });

export function checkLoginFlags(o: LoginFlags, fromUrl = false): void {
  if (o.authorizationServer !== undefined && !fromUrl)
    throw usage(
      '--authorization-server applies only to a login from a resource URL: a named provider has its issuer.',
      'Leave it out, or use --issuer URL to name the server.',
    );
  const urlOnly = [o.register === true && '--register', o.clientMetadataUrl !== undefined && '--client-metadata-url'];
  const misplaced = urlOnly.filter((flag): flag is string => flag !== false && !fromUrl);
  if (misplaced.length > 0)
    throw usage(
      `${misplaced.join(' and ')} ${misplaced.length > 1 ? 'apply' : 'applies'} only to a login from a resource URL: a named provider's client is configured.`,
      'Leave it out, or use --client-id ID.',
    );
  if (o.showTokens && !o.json)
    throw usage('--show-tokens applies only with --json: tokens are never printed as text.', 'Add --json.');
  const machine = isMachineFlow(o.flow);
  const browserFlow = o.flow === undefined || o.flow === 'auth-code';
  if (!browserFlow && (o.prompt !== undefined || o.loginHint !== undefined || o.param !== undefined))
    throw usage(`--prompt, --login-hint and --param apply only to the browser flow, not --flow ${o.flow}.`);
  if (!machine && (o.resource || o.audience))
    throw usage('--resource and --audience apply only to --flow client-credentials or token-exchange.');
  // Only the browser flow has a callback listener; only a flow with a person opens a browser.
  const listener = [o.port !== undefined && '--port', o.redirectUri !== undefined && '--redirect-uri'];
  const browser = [o.browser === false && '--no-browser', o.browserCommand !== undefined && '--browser-command'];
  const unused = o.flow === 'device' ? listener : machine ? [...listener, ...browser] : [];
  const given = unused.filter((flag): flag is string => flag !== false);
  if (given.length > 0)
    throw usage(
      `${given.join(' and ')} ${given.length > 1 ? 'do' : 'does'} not apply to --flow ${o.flow}: ` +
        (o.flow === 'device' ? 'the device flow has no callback listener.' : 'no person and no browser take part.'),
      'Leave it out, or drop --flow to sign in in a browser.',
    );
}

/** `logout --all` is every login of the provider: one --account among them contradicts it. */
export function checkLogoutFlags(o: { all?: boolean; account?: string }): void {
  if (o.all && o.account !== undefined)
    throw usage('--all and --account contradict each other: --all logs out of every account of the provider.');
}
