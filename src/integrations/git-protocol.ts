import { LoginError } from '../errors.js';
import { excerpt } from '../sanitize.js';

/**
 * git's credential helper protocol (git-credential(1), gitcredentials(7)): `key=value` lines, no quoting, ended by a
 * blank line or EOF. Values may hold any byte but LF and NUL; keys ending in `[]` (capability[], wwwauth[], state[])
 * repeat. Unknown keys are ignored, as git asks of helpers, so newer gits can add attributes.
 */
export interface CredentialRequest {
  protocol?: string;
  host?: string;
  path?: string;
  username?: string;
  password?: string;
  capability: string[];
  wwwauth: string[];
}

/** git's requests are a few hundred bytes; anything past this is not git talking. */
export const MAX_REQUEST_BYTES = 64 * 1024;

export function parseCredentialRequest(text: string): CredentialRequest {
  const request: CredentialRequest = { capability: [], wwwauth: [] };
  for (const raw of text.split('\n')) {
    // git reads lines with strbuf_getline, which drops a CR before the LF too.
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') break;
    const at = line.indexOf('=');
    if (at <= 0 || line.includes('\0')) {
      throw new LoginError(
        'invalid_credential_request',
        `git sent a credential line that is not key=value: ${excerpt(line)}.`,
        {
          hint: 'Only git should run "oauth-login git-credential"; set it up with: oauth-login setup-git <provider> --host HOST',
        },
      );
    }
    assign(request, line.slice(0, at), line.slice(at + 1));
  }
  return request;
}

function assign(request: CredentialRequest, key: string, value: string): void {
  switch (key) {
    case 'protocol':
    case 'host':
    case 'path':
    case 'username':
    case 'password':
      request[key] = value;
      return;
    case 'capability[]':
      request.capability.push(value);
      return;
    case 'wwwauth[]':
      request.wwwauth.push(value);
      return;
    case 'url':
      Object.assign(request, urlParts(value));
      return;
    default:
      return;
  }
}

/** `url=` stands for its parts (git-credential(1)); one that does not parse adds nothing. */
function urlParts(value: string): Partial<CredentialRequest> {
  if (!URL.canParse(value)) return {};
  const url = new URL(value);
  const parts: Partial<CredentialRequest> = { protocol: url.protocol.replace(/:$/, ''), host: url.host };
  if (url.pathname.length > 1) parts.path = decodeURIComponent(url.pathname.slice(1));
  if (url.username) parts.username = decodeURIComponent(url.username);
  return parts;
}

// A value with a newline would add lines of its own to the answer (a token that sets `host=` or `quit=`); git forbids
// LF and NUL, and no other control character belongs in a username, a token or a number either.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The answer to `get`; a value git could not carry unchanged is refused, never altered. */
export function formatCredential(fields: [key: string, value: string][]): string {
  for (const [key, value] of fields) {
    if (CONTROL.test(value)) {
      throw new LoginError('unsafe_token', `The ${key} to give git contains a control character; nothing was sent.`, {
        hint: 'The provider issued a token git cannot carry: report it to the provider, then run oauth-login login again.',
      });
    }
  }
  return fields.map(([key, value]) => `${key}=${value}\n`).join('');
}

/** Reads git's request from a stream, up to the blank line or EOF, within MAX_REQUEST_BYTES. */
export async function readCredentialRequest(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as Buffer));
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) {
      throw new LoginError('invalid_credential_request', `git's request is longer than ${MAX_REQUEST_BYTES} bytes.`, {
        hint: 'Only git should run "oauth-login git-credential".',
      });
    }
    // The request ends at its blank line, whether or not git closes its end then.
    if (/(^|\n)\r?\n/.test(Buffer.concat(chunks).toString('utf8'))) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
