import { TOKEN_FORMATS, type TokenFormat } from './kinds.js';

/**
 * The `token` command's options, once: the fast path (fast.ts, with its small reader token-args.ts) and the full CLI
 * (commander, through tokenOption in cli/options.ts) both read this table, so they accept exactly the same flags;
 * test/unit/token-args.test.ts holds the two readers to the same answers.
 */
export const TOKEN_FLAGS = {
  account: { type: 'string', usage: '--account <name>', help: 'which stored login (default: the one used last)' },
  'min-ttl': {
    type: 'string',
    usage: '--min-ttl <sec>',
    help: 'refresh when the token expires within this many seconds',
    default: '60',
  },
  format: { type: 'string', usage: '--format <format>', help: 'output format', default: 'raw', choices: TOKEN_FORMATS },
  'id-token': { type: 'boolean', usage: '--id-token', help: 'print the ID token instead of the access token' },
  issuer: {
    type: 'string',
    usage: '--issuer <url>',
    help: 'issuer, for OAUTH_LOGIN_<NAME>_REFRESH_TOKEN with a provider not in the presets or config',
  },
  config: { type: 'string', usage: '--config <path>', help: 'config file' },
  // A narrowed token (logins/narrowed.ts): the fast path leaves these to the full CLI.
  scope: {
    type: 'string',
    usage: '--scope <scopes>',
    help: 'a token for fewer scopes than the login holds (space-separated), minted with its refresh token',
  },
  resource: {
    type: 'string',
    multiple: true,
    usage: '--resource <uri>',
    help: 'a token for this RFC 8707 resource (repeatable), minted with the refresh token',
  },
  audience: {
    type: 'string',
    usage: '--audience <aud>',
    help: 'a token for this audience, minted with the refresh token',
  },
  // The fast path makes no request, so it answers with it (a fresh stored token needs no CA), after the same check of
  // the file as the full CLI's (network/check.ts): a broken one fails whether the token is fresh or not.
  'ca-file': {
    type: 'string',
    usage: '--ca-file <path>',
    help: 'PEM file of private CAs, added to the trusted roots (default: $OAUTH_LOGIN_CA_FILE)',
  },
} as const;

export const MAX_MIN_TTL_S = 86400;

export interface TokenOptions {
  account?: string;
  config?: string;
  issuer?: string;
  minTtl: number;
  format: TokenFormat;
  idToken?: boolean;
  caFile?: string;
  scope?: string;
  resource?: string[];
  audience?: string;
}

/** A whole number of seconds from 0 to MAX_MIN_TTL_S, or undefined. */
export function parseMinTtl(value: string): number | undefined {
  const n = Number(value);
  return /^\d{1,5}$/.test(value) && n <= MAX_MIN_TTL_S ? n : undefined;
}
