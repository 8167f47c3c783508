import { readFileSync } from 'node:fs';
import { LoginError } from '../errors.js';
import { assertEndpointUrl } from '../providers/urls.js';
import { refusalDetail } from '../refusal.js';
import { send } from '../transport.js';
import { assertionAuth, bothCredentials, type ClientRef, clientAuth } from '../oauth-client.js';
import type { ClientAuth } from 'oauth4webapi';
import type { MachineGrant, TokenSource } from './types.js';

/** Where sources are read: the command's environment, and what stdin carried (at login only). */
export interface Sources {
  env: NodeJS.ProcessEnv;
  /** The token piped to --subject-token-stdin / --client-assertion-stdin, read once by the CLI. */
  stdin?: string;
}

export interface SourceIo extends Sources {
  signal: AbortSignal;
}

// A token travels in a form body and never reaches a terminal; printable ASCII keeps it a token and nothing else.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_CHARS = 64 * 1024;
const GITHUB_VARS = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const;

/** Where a token came from, in words for messages: never the token itself. */
export function describeSource(source: TokenSource): string {
  switch (source.kind) {
    case 'file':
      return `the file ${source.path}`;
    case 'env':
      return `the environment variable ${source.name}`;
    case 'stdin':
      return 'standard input';
    case 'ci':
      return 'the GitHub Actions OIDC token';
  }
}

/** How a machine grant authenticates: an RFC 7523 assertion read fresh from its source, else the client's key or secret. */
export async function machineAuth(client: ClientRef, grant: MachineGrant, io: SourceIo): Promise<ClientAuth> {
  if (!grant.assertion) return clientAuth(client);
  if (client.client_secret) throw bothCredentials('A client secret and a client assertion');
  if (client.private_key_file) throw bothCredentials('A private key file and a client assertion');
  return assertionAuth(await readTokenSource(grant.assertion, 'client assertion', io));
}

/** A fresh token from its source: read again each time, so a short-lived CI token is never reused past its life. */
export async function readTokenSource(source: TokenSource, role: string, io: SourceIo): Promise<string> {
  const raw = await readRaw(source, role, io);
  const token = raw.trim();
  if (!token || token.length > MAX_TOKEN_CHARS || !TOKEN_CHARS.test(token)) {
    const what = token ? 'is not a token (characters a token cannot have, or over 64 KiB)' : 'is empty';
    throw new LoginError('token_source_unreadable', `The ${role} from ${describeSource(source)} ${what}.`, {
      hint: 'Check that it holds exactly one token (a JWT: three dot-separated base64url parts).',
    });
  }
  return token;
}

async function readRaw(source: TokenSource, role: string, io: SourceIo): Promise<string> {
  switch (source.kind) {
    case 'file':
      try {
        return readFileSync(source.path, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        throw new LoginError('token_source_unreadable', `Could not read the ${role} file ${source.path} (${code}).`, {
          hint: 'Check the path given to the flag (or config key) and that this user may read the file.',
        });
      }
    case 'env': {
      const value = io.env[source.name];
      if (value) return value;
      throw new LoginError('token_source_unreadable', `The environment variable ${source.name} is not set or empty.`, {
        hint: `It must hold the ${role}. In GitLab CI, declare it under the job's id_tokens: (with its aud:).`,
      });
    }
    case 'stdin':
      if (io.stdin !== undefined) return io.stdin;
      throw new LoginError(
        'token_source_unreadable',
        `The ${role} came from standard input, which cannot be read again.`,
        {
          hint: 'Log in again with the token piped in, or store a source that can be read again (a file, a variable, --subject-token-from github-actions).',
          exit: 'needsLogin',
        },
      );
    case 'ci':
      return githubActionsToken(source.audience, io);
  }
}

/**
 * GitHub Actions' OIDC token for this job (GitHub's "OpenID Connect in cloud providers"): GET the request URL with
 * `audience`, the request token as a bearer, answer `{"value": "<JWT>"}`. Both variables exist only in a job with
 * `permissions: id-token: write`.
 */
async function githubActionsToken(audience: string | undefined, io: SourceIo): Promise<string> {
  const missing = GITHUB_VARS.filter((name) => !io.env[name]);
  if (missing.length > 0) {
    const inActions = io.env.GITHUB_ACTIONS === 'true';
    throw new LoginError('no_ci_token', `No GitHub Actions OIDC token: ${missing.join(' and ')} not set.`, {
      hint: inActions
        ? 'Give the job the right to ask for one: add "permissions: id-token: write" to the workflow or the job.'
        : 'This is not a GitHub Actions job: pass the token with --subject-token-file or --subject-token-env instead.',
    });
  }
  const url = assertEndpointUrl(io.env.ACTIONS_ID_TOKEN_REQUEST_URL as string, 'ACTIONS_ID_TOKEN_REQUEST_URL');
  if (audience) url.searchParams.set('audience', audience);
  const what = 'the GitHub Actions OIDC token request';
  const headers = { authorization: `bearer ${io.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`, accept: 'application/json' };
  const response = await send(url, { headers, what, signal: io.signal });
  const text = await response.text();
  if (!response.ok) {
    const detail = refusalDetail(text);
    throw new LoginError(
      'ci_token_refused',
      `GitHub Actions refused the OIDC token request (HTTP ${response.status})${detail ? `: ${detail}` : ''}.`,
      {
        hint: 'Check the job\'s "permissions: id-token: write" and the audience (--subject-audience or "subject_audience").',
      },
    );
  }
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value?: unknown }).value;
  } catch {}
  if (typeof value !== 'string' || !JWT.test(value)) {
    throw new LoginError(
      'invalid_response',
      `GitHub Actions answered ${what} (HTTP ${response.status}) without a JWT in "value".`,
      {
        hint: "ACTIONS_ID_TOKEN_REQUEST_URL may point somewhere else than GitHub's token service.",
      },
    );
  }
  return value;
}
