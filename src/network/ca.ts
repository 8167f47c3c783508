import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tls from 'node:tls';
import { LoginError } from '../errors.js';

/** A CA file and who named it (`--ca-file`, `OAUTH_LOGIN_CA_FILE`, a config entry, a stored login): errors say which. */
export interface CaChoice {
  path: string;
  source: string;
}

export const CA_ENV = 'OAUTH_LOGIN_CA_FILE';

/**
 * The CA file for this command: the flag, else the environment, else what the provider's login was made with (its
 * index entry) or its config entry. Paths are made absolute, so a stored login finds it again from any directory.
 */
export function chooseCaFile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  fallback?: { path: string | undefined; source: string },
): CaChoice | undefined {
  const [path, source] = flag
    ? [flag, '--ca-file']
    : env[CA_ENV]
      ? [env[CA_ENV], CA_ENV]
      : [fallback?.path, fallback?.source ?? ''];
  return path ? { path: resolve(path), source } : undefined;
}

/** For a new login or doctor: the flag, the environment, else the provider's `ca_file` in the config file. */
export function providerCaFile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  provider: { name: string; settings: { ca_file?: string } },
): CaChoice | undefined {
  return chooseCaFile(flag, env, {
    path: provider.settings.ca_file,
    source: `"ca_file" of ${provider.name} in the config`,
  });
}

/** For a stored login (token, whoami, logout): the flag, the environment, else the CA it signed in with. */
export function storedCaFile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  login: { provider: string; account: string; ca_file?: string },
): CaChoice | undefined {
  return chooseCaFile(flag, env, {
    path: login.ca_file,
    source: `the stored login ${login.provider} (${login.account})`,
  });
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle, each parsed once so a broken file fails now, naming where it came from. */
export function readCaFile(choice: CaChoice): string[] {
  const bad = (why: string) =>
    new LoginError('ca_file_invalid', `The CA file ${choice.path} (from ${choice.source}) ${why}.`, {
      hint: `Point ${choice.source} at a PEM file of CA certificates (-----BEGIN CERTIFICATE----- …).`,
    });
  let text: string;
  try {
    text = readFileSync(choice.path, 'utf8');
  } catch (err) {
    throw bad(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw bad('holds no PEM certificate');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw bad('holds a certificate that does not parse');
    }
  }
  return blocks;
}

/**
 * What Node trusts by default: its bundled roots and NODE_EXTRA_CA_CERTS. Giving TLS a `ca` list replaces the
 * default, so a private CA is added to these, never in their place. Node ≥ 22.15 says it itself (getCACertificates).
 */
export function defaultRoots(env: NodeJS.ProcessEnv): string[] {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (get) return get('default');
  const extra = env.NODE_EXTRA_CA_CERTS;
  let extras: string[] = [];
  try {
    extras = extra ? (readFileSync(extra, 'utf8').match(PEM_BLOCK) ?? []) : [];
  } catch {
    // Node already warned at start-up that it could not read it; it trusts nothing extra either.
  }
  return [...tls.rootCertificates, ...extras];
}
