// Anything a provider sends (error descriptions, profile names) may carry terminal escape sequences or markup.

// C0 and C1 controls, DEL, and the Unicode bidi overrides that can disguise text in a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// A whole ANSI CSI or OSC sequence, so its printable tail ("[31m", "]8;;http://…") does not survive either.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]/g;

export const MAX_TERMINAL_TEXT = 200;

/** Text from a provider, made safe for a terminal: escape sequences and controls removed, newlines flattened, capped. */
export function terminalSafe(text: unknown, max = MAX_TERMINAL_TEXT): string {
  const flat = String(text)
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(CONTROL, '');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return terminalSafe(text, 500).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// Anything as long as a token (JWTs, opaque tokens, codes) is masked in a quote: a broken token response can still
// carry the tokens themselves, e.g. form-encoded "access_token=…&token_type=bearer".
const TOKEN_LIKE = /[A-Za-z0-9_~+/.-]{24,}=*/g;

/** Token-like runs masked: a provider's own words may echo a code or a token back. */
export const maskTokens = (text: string) => text.replace(TOKEN_LIKE, '[…]');

/** A provider's answer quoted in an error: terminal-safe, token-like runs masked, `max` characters at most. */
export function excerpt(text: string, max = 80): string {
  const flat = maskTokens(terminalSafe(text.trim(), 4096));
  return `"${flat.length > max ? `${flat.slice(0, max)}…` : flat}"`;
}
