// Client signing keys for private_key_jwt tests, written to private (0600) files, with the public half for a
// server's `jwks`.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp.js';

export interface ClientKeyFile {
  path: string;
  publicJwk: Record<string, unknown>;
  privateKey: KeyObject;
}

/** A key pair of this type in a PEM PKCS#8 file (mode 0600, unless `mode` says otherwise). */
export function pemKeyFile(type: 'rsa' | 'ec' | 'ed25519', options: Record<string, unknown> = {}, mode = 0o600) {
  const defaults = type === 'rsa' ? { modulusLength: 2048 } : type === 'ec' ? { namedCurve: 'P-256' } : {};
  const { privateKey, publicKey } = generateKeyPairSync(
    type as 'rsa',
    { ...defaults, ...options } as { modulusLength: number },
  );
  const path = join(tempDir('oauth-login-key-'), 'client.pem');
  writeKey(path, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, mode);
  return { path, privateKey, publicJwk: publicKey.export({ format: 'jwk' }) } as ClientKeyFile;
}

/** A private JWK file with these extra members (kid, alg). */
export function jwkKeyFile(extra: Record<string, unknown>, mode = 0o600): ClientKeyFile {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const path = join(tempDir('oauth-login-key-'), 'client.jwk');
  writeKey(path, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), ...extra }), mode);
  return { path, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), ...extra } };
}

/** Any text in a private file, for the refusals. */
export function textFile(text: string, mode = 0o600): string {
  const path = join(tempDir('oauth-login-key-'), 'client.key');
  writeKey(path, text, mode);
  return path;
}

// chmod after writing: the umask would narrow a mode given to writeFileSync.
function writeKey(path: string, text: string, mode: number): void {
  writeFileSync(path, text);
  chmodSync(path, mode);
}
