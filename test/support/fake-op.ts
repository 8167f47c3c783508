// A small, deliberately hostile OpenID Provider for the "hostile input and faults" tests (test/HOSTILE.md).
// node:http on 127.0.0.1:0: discovery, JWKS, an authorize endpoint that redirects straight back (no login page, no
// browser), a token endpoint whose every answer a test can script, userinfo, and a /stolen endpoint that records
// anything a redirect sends it. It counts requests per endpoint and remembers every secret it issued.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type BrowserHook, type CliRun, runCli } from './cli.js';
import { cookieFor } from './start-page.js';
import { tempDir } from './tmp.js';

export const CLIENT_ID = 'hostile-client';
/** Long and random, like a real one, so the leak check cannot match by accident. */
export const CLIENT_SECRET = `client-secret-${randomBytes(24).toString('base64url')}`;
export const SUBJECT = 'ada';

type Fields = Record<string, unknown>;

export interface IdTokenPlan {
  /** Merged over the generated claims (iss, sub, aud, nonce, iat, exp, name, email); undefined removes a claim. */
  claims?: Fields;
  /** valid (default); tampered: one signature byte flipped; none: alg "none", no signature; unknown-key: signed by a
   * key the JWKS does not publish. */
  signature?: 'valid' | 'tampered' | 'none' | 'unknown-key';
}

export interface TokenPlan {
  status?: number;
  contentType?: string;
  /** Sent as is instead of the token JSON. */
  body?: string;
  /** Merged over the token JSON (access_token, token_type, expires_in, refresh_token, scope, id_token); undefined removes. */
  fields?: Fields;
  idToken?: IdTokenPlan;
  /** Wait this long before answering; Infinity never answers. */
  delayMs?: number;
  /** Answer with `status` (default 307) and this Location, relative to the issuer. */
  redirectTo?: string;
}

export interface Plan {
  /** Merged over the discovery document; undefined removes a field. */
  discovery?: Fields;
  /** The parameters of the redirect back to the client, given the honest ones (code, state, iss); undefined removes. */
  callback?: (honest: Record<string, string>) => Record<string, string | undefined>;
  token?: TokenPlan;
  userinfo?: { sub?: string; fields?: Fields; redirectTo?: string; body?: string; contentType?: string };
  /** The provider's clock minus ours, in seconds: shifts iat, exp and nbf of the ID tokens. */
  clockOffsetS?: number;
  idTokenTtlS?: number;
  /** Adds an nbf claim equal to iat (Microsoft does, Google does not). */
  nbf?: boolean;
  /** The answer of /revoke (default 200). Not advertised: a test adds revocation_endpoint where it needs one. */
  revoke?: { status?: number };
  /**
   * Fields merged over the answer of /introspect (RFC 7662: `active` is whether this provider issued the token).
   * Not advertised: a test adds introspection_endpoint where it needs one.
   */
  introspect?: Fields;
}

interface Pending {
  nonce: string | undefined;
  challenge: string;
  redirectUri: string;
  used: boolean;
}

const random = (bytes = 32) => randomBytes(bytes).toString('base64url');
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function withOverrides(base: Fields, overrides: Fields = {}): Fields {
  const out = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

export class FakeOp {
  readonly issuer: string;
  plan: Plan = {};
  counts: Record<string, number> = {};
  /** Every secret this provider handed out: authorization codes, access, refresh and ID tokens. */
  readonly issued = new Set<string>();
  /** Codes presented more than once to the token endpoint. */
  replayedCodes = 0;
  /** Headers of every request that reached /stolen. */
  stolen: IncomingMessage['headers'][] = [];
  /** The form of the last token request, whatever its grant. */
  lastTokenRequest = new URLSearchParams();
  /** Tokens sent to /revoke and answered 200: a revoked refresh token then gets invalid_grant. */
  revoked = new Set<string>();
  /** The form of every token request, in order. */
  tokenRequests: URLSearchParams[] = [];
  /** The form of every introspection request, in order. */
  introspected: URLSearchParams[] = [];
  private pending = new Map<string, Pending>();

  private constructor(
    private server: Server,
    private keys: { kid: string; privateKey: CryptoKey; jwk: Fields; otherKey: CryptoKey },
  ) {
    this.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  static async start(): Promise<FakeOp> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const op = new FakeOp(server, { kid: 'k1', privateKey, jwk, otherKey: other.privateKey });
    server.on('request', (req, res) => {
      op.handle(req, res).catch((err: Error) => {
        res.writeHead(500).end(String(err.message));
      });
    });
    return op;
  }

  /** A fresh plan and zeroed counters for the next test. */
  reset(plan: Plan = {}): void {
    this.plan = plan;
    this.counts = {};
    this.replayedCodes = 0;
    this.stolen = [];
    this.lastTokenRequest = new URLSearchParams();
    this.revoked.clear();
    this.tokenRequests = [];
    this.introspected = [];
  }

  /** An ID token as the token endpoint would issue it, for a login a test seeds; remembered in `issued`. */
  async mintIdToken(plan: IdTokenPlan = {}): Promise<string> {
    const jwt = await this.idToken(undefined, plan);
    this.issued.add(jwt);
    return jwt;
  }

  /** A JWT access token (RFC 9068 shape) signed with the published key; remembered in `issued`. */
  async mintJwtAccessToken(claims: Fields = {}): Promise<string> {
    const iat = this.now();
    const base = { iss: this.issuer, sub: SUBJECT, aud: 'https://api.example.test', client_id: CLIENT_ID, iat };
    const jwt = await new SignJWT({ ...base, exp: iat + 3600, scope: 'api:read', ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: this.keys.kid })
      .sign(this.keys.privateKey);
    this.issued.add(jwt);
    return jwt;
  }

  count(endpoint: string): number {
    return this.counts[endpoint] ?? 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private now(): number {
    return Math.floor(Date.now() / 1000) + (this.plan.clockOffsetS ?? 0);
  }

  discoveryDocument(): Fields {
    const i = this.issuer;
    return withOverrides(
      {
        issuer: i,
        authorization_endpoint: `${i}/authorize`,
        token_endpoint: `${i}/token`,
        userinfo_endpoint: `${i}/userinfo`,
        jwks_uri: `${i}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
        authorization_response_iss_parameter_supported: true,
      },
      this.plan.discovery,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    const endpoint = url.pathname === '/.well-known/openid-configuration' ? 'discovery' : url.pathname.slice(1);
    this.counts[endpoint] = this.count(endpoint) + 1;
    const body = await readBody(req);
    switch (endpoint) {
      case 'discovery':
        return json(res, 200, this.discoveryDocument());
      case 'jwks':
        return json(res, 200, { keys: [this.keys.jwk] });
      case 'authorize':
        return this.authorize(url.searchParams, res);
      case 'token':
        return this.token(new URLSearchParams(body), req, res);
      case 'revoke': {
        const status = this.plan.revoke?.status ?? 200;
        if (status === 200) this.revoked.add(new URLSearchParams(body).get('token') ?? '');
        res.writeHead(status).end();
        return;
      }
      case 'introspect': {
        this.introspected.push(new URLSearchParams(body));
        const token = new URLSearchParams(body).get('token') ?? '';
        const answer = this.issued.has(token)
          ? { active: true, client_id: CLIENT_ID, sub: SUBJECT }
          : { active: false };
        return json(res, 200, withOverrides(answer, this.plan.introspect));
      }
      case 'userinfo':
        if (this.plan.userinfo?.redirectTo) {
          res.writeHead(307, { location: new URL(this.plan.userinfo.redirectTo, this.issuer).href }).end();
          return;
        }
        if (this.plan.userinfo?.body !== undefined) {
          res.writeHead(200, { 'content-type': this.plan.userinfo.contentType ?? 'text/html' });
          res.end(this.plan.userinfo.body);
          return;
        }
        return json(
          res,
          200,
          withOverrides(
            { sub: this.plan.userinfo?.sub ?? SUBJECT, name: 'Ada Lovelace', email: 'ada@example.test' },
            this.plan.userinfo?.fields,
          ),
        );
      case 'stolen':
        this.stolen.push(req.headers);
        return json(res, 200, { access_token: 'stolen', token_type: 'bearer' });
      default:
        res.writeHead(404).end();
    }
  }

  private authorize(params: URLSearchParams, res: ServerResponse): void {
    const code = random();
    this.issued.add(code);
    const redirectUri = params.get('redirect_uri') ?? '';
    this.pending.set(code, {
      nonce: params.get('nonce') ?? undefined,
      challenge: params.get('code_challenge') ?? '',
      redirectUri,
      used: false,
    });
    const honest = { code, state: params.get('state') ?? '', iss: this.issuer };
    const answer = this.plan.callback ? this.plan.callback(honest) : honest;
    const location = new URL(redirectUri);
    for (const [key, value] of Object.entries(answer))
      if (value !== undefined) location.searchParams.append(key, value);
    res.writeHead(302, { location: location.href }).end();
  }

  private async token(params: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const plan = this.plan.token ?? {};
    this.lastTokenRequest = params;
    const code = params.get('code') ?? '';
    const grant = this.pending.get(code);
    this.tokenRequests.push(params);
    if (grant?.used) this.replayedCodes++;
    const sentVerifier = params.get('code_verifier');
    if (sentVerifier) this.issued.add(sentVerifier); // the client's PKCE secret: never printed either
    if (plan.delayMs === Number.POSITIVE_INFINITY) return; // never answers; close() ends the connection
    if (plan.delayMs) await new Promise((r) => setTimeout(r, plan.delayMs));
    if (plan.redirectTo) {
      res.writeHead(plan.status ?? 307, { location: new URL(plan.redirectTo, this.issuer).href }).end();
      return;
    }
    if (plan.body !== undefined) {
      res.writeHead(plan.status ?? 200, { 'content-type': plan.contentType ?? 'application/json' }).end(plan.body);
      return;
    }
    const grantType = params.get('grant_type');
    if (grantType === 'refresh_token' || grantType === 'client_credentials')
      return this.renewal(grantType, params, req, res, plan);
    const verifier = params.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (!grant || grant.used || grant.challenge !== challenge || grant.redirectUri !== params.get('redirect_uri')) {
      return json(res, 400, { error: 'invalid_grant' });
    }
    grant.used = true;
    const tokens = withOverrides(
      {
        access_token: random(),
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: random(),
        scope: 'openid profile email',
        id_token: await this.idToken(grant.nonce, plan.idToken),
      },
      plan.fields,
    );
    for (const key of ['access_token', 'refresh_token', 'id_token']) {
      const value = tokens[key];
      if (typeof value === 'string' && value.length > 0) this.issued.add(value);
    }
    res.writeHead(plan.status ?? 200, { 'content-type': plan.contentType ?? 'application/json' });
    res.end(JSON.stringify(tokens));
  }

  /**
   * Refresh (any refresh token not revoked; a new one each time, as rotating providers do) and client credentials
   * (CLIENT_ID:CLIENT_SECRET in Basic auth; the scope granted is the one asked for). No ID token in either.
   */
  private renewal(
    grantType: string,
    params: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    plan: TokenPlan,
  ): void {
    const machine = grantType === 'client_credentials';
    if (machine) {
      // RFC 6749 §2.3.1: both halves are form-encoded before the Base64.
      const basic = Buffer.from(req.headers.authorization?.replace(/^Basic /, '') ?? '', 'base64').toString();
      const [id, secret] = basic.split(':').map((part) => decodeURIComponent(part));
      if (id !== CLIENT_ID || secret !== CLIENT_SECRET) {
        json(res, 401, { error: 'invalid_client' });
        return;
      }
    } else if (this.revoked.has(params.get('refresh_token') ?? '')) {
      json(res, 400, { error: 'invalid_grant' });
      return;
    }
    const base: Fields = { access_token: random(), token_type: 'Bearer', expires_in: 3600 };
    if (!machine) base.refresh_token = random();
    if (params.get('scope')) base.scope = params.get('scope');
    const tokens = withOverrides(base, plan.fields);
    for (const key of ['access_token', 'refresh_token']) {
      const value = tokens[key];
      if (typeof value === 'string' && value.length > 0) this.issued.add(value);
    }
    json(res, plan.status ?? 200, tokens);
  }

  private async idToken(nonce: string | undefined, plan: IdTokenPlan = {}): Promise<string> {
    const iat = this.now();
    const claims = withOverrides(
      {
        iss: this.issuer,
        sub: SUBJECT,
        aud: CLIENT_ID,
        nonce,
        iat,
        exp: iat + (this.plan.idTokenTtlS ?? 3600),
        ...(this.plan.nbf ? { nbf: iat } : {}),
        name: 'Ada Lovelace',
        email: 'ada@example.test',
      },
      plan.claims,
    );
    const signature = plan.signature ?? 'valid';
    if (signature === 'none') return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const unknown = signature === 'unknown-key';
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: unknown ? 'not-published' : this.keys.kid })
      .sign(unknown ? this.keys.otherKey : this.keys.privateKey);
    if (signature !== 'tampered') return jwt;
    const [header, payload, sig] = jwt.split('.') as [string, string, string];
    const bytes = Buffer.from(sig, 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    return `${header}.${payload}.${bytes.toString('base64url')}`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => resolve(body));
  });
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/** Plays the browser at the provider: GETs the authorization URL and returns where the provider redirects it. */
export async function authorize(authorizationUrl: string): Promise<string> {
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`the fake OP answered ${res.status} without a redirect`);
  return location;
}

/** Plays the browser at the loopback listener: GETs the callback URL and returns the page. */
export async function visit(callbackUrl: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(callbackUrl, { redirect: 'manual', headers: cookieFor(callbackUrl) });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** The secrets in `issued` (and the client secret) that appear anywhere in `outputs`. */
export function leakedSecrets(outputs: readonly string[], issued: Iterable<string>): string[] {
  const all = outputs.join('\n');
  return [...issued, CLIENT_SECRET].filter((secret) => all.includes(secret));
}

export interface Login {
  run: CliRun;
  /** The authorization URL the CLI "opened". */
  url: string;
  /** XDG_DATA_HOME of this run: the file store writes under it. */
  dataHome: string;
  /** Whether anything was written to the token store or its index. */
  stored(): boolean;
}

/**
 * Starts `oauth-login fake --issuer <op> --client-id hostile-client --port 0 …` with the file store in a fresh
 * XDG_DATA_HOME, and waits until it opened the "browser" (the BrowserHook), so its listener is up.
 */
export async function startLogin(
  op: FakeOp,
  hook: BrowserHook,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<Login> {
  const dataHome = tempDir('oauth-login-hostile-');
  // --timeout bounds a test that goes wrong (a callback never answered) to a minute instead of the default five.
  const args = ['fake', '--issuer', op.issuer, '--client-id', CLIENT_ID, '--port', '0', '--timeout', '60', ...extra];
  const run = runCli(args, { ...hook.env, OAUTH_LOGIN_STORE: 'file', XDG_DATA_HOME: dataHome, ...env }, input);
  const url = await Promise.race([
    hook.next(),
    run.done.then(({ code, stderr }) => {
      throw new Error(`the CLI exited (${code}) before opening a browser: ${stderr}`);
    }),
  ]);
  const dir = join(dataHome, 'oauth-login');
  // The store's directories are made (and checked) before the browser opens: only files count as stored.
  const files = (d: string): string[] =>
    existsSync(d)
      ? readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [e.name]))
      : [];
  return { run, url, dataHome, stored: () => files(dir).length > 0 };
}

/** The port of the loopback listener named in an authorization URL's redirect_uri. */
export function listenerPort(authorizationUrl: string): number {
  return Number(new URL(new URL(authorizationUrl).searchParams.get('redirect_uri') as string).port);
}
