/**
 * One word for a POSIX shell (bash, dash, zsh), for `eval "$(oauth-login token … --format env)"`. RFC 6749 lets a
 * token carry `;`, `$`, backticks and quotes, so a value is never printed bare: inside single quotes a shell expands
 * nothing, and the only character that cannot appear there, `'`, is written as `'\''` (close, escaped quote, reopen).
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * A word of a command we print for people to run: bare when no shell gives any of its characters a meaning (a
 * provider name, a path, most URLs), else quoted. `&`, `?`, `[` (zsh globs `http://[::1]:8080/mcp`) and the like are quoted.
 */
export function shellWord(value: string): string {
  // `=` only inside: zsh expands a word that begins with it (`=cmd`).
  return /^(?!=)[\w./:@%+=,-]+$/.test(value) ? value : shellQuote(value);
}
