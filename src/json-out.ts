// JSON on stdout often ends up on a terminal (`… --json`, `| less`). JSON.stringify escapes only U+0000–U+001F, so a
// provider's profile could still carry C1 controls (U+009B is CSI, U+009D OSC: the same power as ESC [ and ESC ]) or
// bidi controls that make the text read otherwise than it is. U+2028/U+2029 break JavaScript that embeds the output.
// The set of sanitize.ts's CONTROL above U+001F, plus the two line separators.
const UNSAFE_IN_TERMINAL = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `JSON.stringify(value)` with those characters written as `\uXXXX`: the same data (JSON.parse gives back the exact
 * strings), none of it raw on a terminal. They never occur in JSON's syntax, only inside strings, where `\uXXXX` is
 * their exact equivalent.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_TERMINAL, unicodeEscape);
}
