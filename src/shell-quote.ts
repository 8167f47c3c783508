/**
 * One word for a POSIX shell (bash, dash, zsh), for `eval "$(oauth-login token … --format env)"`. RFC 6749 lets a
 * token carry `;`, `$`, backticks and quotes, so a value is never printed bare: inside single quotes a shell expands
 * nothing, and the only character that cannot appear there, `'`, is written as `'\''` (close, escaped quote, reopen).
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
