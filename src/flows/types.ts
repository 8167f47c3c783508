import type { BrowserChoice } from '../browser.js';
import type { SshOrigin } from '../environment.js';
import type { CiTokenIssuer, FlowName } from '../kinds.js';
import type { ServerSummary } from '../oauth-client.js';
import type { Profile } from '../profile.js';
import type { PollClock } from './device-poll.js';
import type { ResolvedProvider } from '../providers/types.js';
import type { Ui } from '../ui.js';

/**
 * Where a short-lived JWT (a subject token, a client assertion) is read each time one is needed. Only the source is
 * stored, never the token: a CI job's OIDC token lives minutes, so each renewal asks for a fresh one.
 */
export type TokenSource =
  | { kind: 'file'; path: string }
  | { kind: 'env'; name: string }
  /** Read once at login: a renewal cannot read it again. */
  | { kind: 'stdin' }
  | { kind: 'ci'; ci: CiTokenIssuer; audience?: string };

/** What a machine grant asks for; kept with the login so that renewing it asks for the same. */
export interface MachineGrant {
  scope?: string;
  /** RFC 8707 resource indicators. */
  resource?: string[];
  /** The `audience` parameter some providers (Auth0, Okta) want instead of `resource`. */
  audience?: string;
  /** RFC 8693 token exchange: where the subject token comes from, and its `subject_token_type`. */
  subject?: { source: TokenSource; token_type: string };
  /** RFC 7523 §2.2: the client authenticates with this JWT instead of a secret (Azure federated credentials). */
  assertion?: TokenSource;
}

export type MachineFlow = 'client-credentials' | 'token-exchange';

/** What every flow is given. Flows never print or exit: they speak through `ui` and throw LoginError. */
export interface FlowContext {
  ui: Ui;
  /** Aborted on Ctrl+C, SIGTERM or the --timeout deadline; its reason is the LoginError to report. */
  signal: AbortSignal;
  deadline: number;
  browser: BrowserChoice;
  /** A terminal where a person may paste the redirect URL; undefined when stdin is not a TTY (nothing prompts then). */
  paste?: NodeJS.ReadableStream;
  /** --scope, --resource, --audience and the token sources as given, for the machine grants. */
  grant?: MachineGrant;
  /** Where the grant's token sources are read (the environment, and a token piped to stdin). */
  sources?: { env: NodeJS.ProcessEnv; stdin?: string };
  /** The clock a polling flow waits on; tests pass a fake one (see device-poll.ts). */
  clock?: PollClock;
  /**
   * Why the browser was chosen so (environment.ts), printed by the flow once it is about to show the URL or code:
   * never before a discovery error.
   */
  note?: string;
  /** An SSH session without a display: the person's browser is on the machine it came from (`ssh -L`). */
  ssh?: { origin?: SshOrigin };
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

/** `token --scope/--resource/--audience`: a token for less than the login holds. Absent fields ask for the login's. */
export interface Narrowing {
  scope?: string;
  /** RFC 8707 resource indicators. */
  resource?: string[];
  audience?: string;
}

/** The part of a profile the index keeps (no raw provider JSON). */
export type ProfileSummary = Pick<Profile, 'id' | 'name' | 'email' | 'username'>;

/** A person signed in: in the browser (auth-code, OAuth 1.0a) or with a device code. */
export interface PersonResult {
  kind: 'person';
  flow: Exclude<FlowName, MachineFlow>;
  provider: string;
  profile: Profile;
  tokens: TokenSet;
  server: ServerSummary;
}

/** A client-credentials or exchanged token: no person, no profile. */
export interface MachineResult {
  kind: 'machine';
  flow: MachineFlow;
  provider: string;
  client_id: string;
  grant: MachineGrant;
  tokens: TokenSet;
  server: ServerSummary;
}

export interface Oauth1Result {
  kind: 'oauth1';
  provider: string;
  profile: Profile;
  /** token_secret is always set. */
  tokens: TokenSet;
  server: ServerSummary;
}

export type LoginResult = PersonResult | MachineResult | Oauth1Result;

export type Flow = (provider: ResolvedProvider, ctx: FlowContext) => Promise<LoginResult>;
