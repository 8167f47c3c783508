import { shellQuote } from './shell-quote.js';
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import * as oauth from 'oauth4webapi';
import { LoginError } from './errors.js';

/** A client's signing key for private_key_jwt (RFC 7523 §2.2, OpenID Connect Core §9), as read from its file. */
export interface ClientKey {
  key: CryptoKey;
  alg: string;
  kid?: string;
}

type Params = RsaHashedImportParams | EcKeyImportParams | Algorithm;

// The algorithms a key of each type signs with; RSA's default is RS256, the one every server takes.
const RSA: Record<string, Params> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
};
const CURVES: Record<string, [string, string]> = {
  prime256v1: ['ES256', 'P-256'],
  secp384r1: ['ES384', 'P-384'],
  secp521r1: ['ES512', 'P-521'],
};
const MAX_KEY_CHARS = 64 * 1024;
const FIX_HINT =
  'Give a PKCS#8 PEM ("BEGIN PRIVATE KEY") or a JWK with "d": RSA (2048 bits or more), EC P-256/384/521 or Ed25519.';

const invalid = (path: string, why: string, hint = FIX_HINT) =>
  new LoginError('private_key_invalid', `The private key file ${path} ${why}.`, { hint });

/**
 * Reads and imports the client's key: at login, and again at each renewal (only the path is stored). A key others may
 * read is refused, as the file store refuses its own files: whoever reads it can sign in as the client.
 */
export async function loadClientKey(path: string): Promise<ClientKey> {
  let text: string;
  try {
    const st = statSync(path);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
      throw new LoginError(
        'private_key_insecure',
        `Refusing to use the private key file ${path}: it can be accessed by other users (mode ${mode}).`,
        { hint: `Fix it with: chmod 600 ${shellQuote(path)}` },
      );
    }
    if (st.size > MAX_KEY_CHARS) throw invalid(path, 'is over 64 KiB: it is not one key');
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    if (err instanceof LoginError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw invalid(path, `could not be read (${code})`, 'Check the path (--private-key-file or "private_key_file").');
  }
  const { keyObject, alg: wanted, kid } = parse(path, text);
  const [alg, params] = algorithmOf(path, keyObject, wanted);
  const der = keyObject.export({ format: 'der', type: 'pkcs8' });
  const key = await crypto.subtle.importKey('pkcs8', der, params, false, ['sign']);
  return kid ? { key, alg, kid } : { key, alg };
}

function parse(path: string, text: string): { keyObject: KeyObject; alg?: string; kid?: string } {
  if (text.startsWith('{')) {
    let jwk: Record<string, unknown>;
    try {
      jwk = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw invalid(path, 'starts like a JWK but is not JSON');
    }
    if (typeof jwk.d !== 'string') throw invalid(path, 'is a public JWK (it has no "d"): give the private key');
    try {
      const keyObject = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
      return { keyObject, alg: stringOf(jwk.alg), kid: stringOf(jwk.kid) };
    } catch (err) {
      throw invalid(path, `is not a usable JWK (${(err as Error).message})`);
    }
  }
  if (!text.startsWith('-----BEGIN ')) throw invalid(path, 'is not PEM (no "-----BEGIN" line) nor a JWK');
  if (/^-----BEGIN (ENCRYPTED PRIVATE KEY|.*CERTIFICATE|.*PUBLIC KEY)-----/.test(text)) {
    const block = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
    throw invalid(path, `holds a "${block}" block, not an unencrypted private key`);
  }
  try {
    return { keyObject: createPrivateKey(text) };
  } catch (err) {
    throw invalid(path, `is not a PEM private key (${(err as Error).message})`);
  }
}

function algorithmOf(path: string, k: KeyObject, wanted: string | undefined): [string, Params] {
  const type = k.asymmetricKeyType;
  const details = k.asymmetricKeyDetails ?? {};
  let choice: [string, Params] | undefined;
  if (type === 'rsa') {
    if ((details.modulusLength ?? 0) < 2048)
      throw invalid(path, `holds a ${details.modulusLength}-bit RSA key: servers refuse under 2048 bits`);
    const alg = wanted ?? 'RS256';
    if (RSA[alg]) choice = [alg, RSA[alg]];
  } else if (type === 'ec') {
    const curve = CURVES[details.namedCurve ?? ''];
    if (curve) choice = [curve[0], { name: 'ECDSA', namedCurve: curve[1] }];
  } else if (type === 'ed25519') {
    // "EdDSA", not RFC 9864's "Ed25519": the name servers (Keycloak, Entra ID, oidc-provider) all accept.
    choice = ['EdDSA', { name: 'Ed25519' }];
  }
  const kind = type === 'ec' ? `EC ${details.namedCurve}` : type === 'rsa' ? 'RSA' : type;
  if (!choice) throw invalid(path, `holds an unsupported key type (${kind}${wanted ? `, alg ${wanted}` : ''})`);
  if (wanted && wanted !== choice[0]) throw invalid(path, `names alg ${wanted}, which a ${kind} key cannot sign`);
  return choice;
}

const stringOf = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** oauth4webapi's PrivateKeyJwt with the key read when the request is made (a renewal reads the file again). */
export function privateKeyJwt(path: string): oauth.ClientAuth {
  return async (as, client, body, headers) => {
    const { key, kid, alg } = await loadClientKey(path);
    const setAlg = (header: Record<string, unknown>) => {
      header.alg = alg;
    };
    const options = { [oauth.modifyAssertion]: setAlg };
    await oauth.PrivateKeyJwt(kid ? { key, kid } : key, options)(as, client, body, headers);
  };
}
