import type { BrowserChoice } from '../browser.js';
import type { Profile } from '../profile.js';
import type { ResolvedProvider } from '../providers/types.js';
import type { Ui } from '../ui.js';

export type FlowName = 'auth-code' | 'device' | 'client-credentials';
export const FLOW_NAMES: readonly FlowName[] = ['auth-code', 'device', 'client-credentials'];

/** What a machine grant asks for; kept with the login so that renewing it asks for the same. */
export interface MachineGrant {
  scope?: string;
  /** RFC 8707 resource indicators. */
  resource?: string[];
  /** The `audience` parameter some providers (Auth0, Okta) want instead of `resource`. */
  audience?: string;
}

/** What every flow is given. Flows never print or exit: they speak through `ui` and throw LoginError. */
export interface FlowContext {
  ui: Ui;
  /** Aborted on Ctrl+C, SIGTERM or the --timeout deadline; its reason is the LoginError to report. */
  signal: AbortSignal;
  deadline: number;
  browser: BrowserChoice;
  /** A terminal where a person may paste the redirect URL; undefined when stdin is not a TTY (nothing prompts then). */
  paste?: NodeJS.ReadableStream;
  /** --scope, --resource, --audience as given on the command line, for the client-credentials grant. */
  grant?: MachineGrant;
}

/** OAuth 2.0 tokens, or OAuth 1.0a token credentials: access_token = oauth_token plus token_secret, no expiry. */
export interface TokenSet {
  access_token: string;
  token_type: string;
  /** OAuth 1.0a oauth_token_secret: with the consumer secret, the key that signs every request. */
  token_secret?: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  /** Seconds since the epoch. */
  expires_at?: number;
}

export interface LoginResult {
  provider: string;
  profile: Profile;
  tokens: TokenSet;
  /** Endpoints the stored login needs later (refresh, revocation, userinfo) without discovery. */
  server: { issuer?: string; token_endpoint: string; revocation_endpoint?: string; userinfo_endpoint?: string };
  /** How the tokens were obtained (absent: auth-code). `token` renews a client-credentials login by asking again. */
  flow?: FlowName;
  /** What the client-credentials grant asked for. */
  grant?: MachineGrant;
}

export type Flow = (provider: ResolvedProvider, ctx: FlowContext) => Promise<LoginResult>;
