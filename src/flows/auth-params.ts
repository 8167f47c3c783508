/**
 * The authorization request's own parameters (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1): auth-request.ts
 * sets them, so `login --param` may not. Without imports: the CLI checks flags with it before any flow loads.
 */
export const PROTOCOL_PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
] as const;

/** What to use instead of --param for a protocol parameter a person may choose. */
const INSTEAD: Partial<Record<(typeof PROTOCOL_PARAMS)[number], string>> = {
  scope: 'use --scope',
  redirect_uri: 'use --redirect-uri or --port',
  client_id: 'use --client-id',
};

/** Flags that shape the browser flow's authorization request (login --prompt, --login-hint, --param). */
export interface AuthRequestFlags {
  prompt?: string;
  loginHint?: string;
  param?: Record<string, string>;
}

/**
 * One `--param key=value`, added to those before it. Returns the reason it is refused, or the new map. A key named
 * twice keeps the last value, as repeated flags usually do.
 */
export function addAuthParam(
  text: string,
  previous: Record<string, string> = {},
): { params: Record<string, string> } | { refused: string } {
  const at = text.indexOf('=');
  const key = at < 0 ? text : text.slice(0, at);
  if (at <= 0 || !/^[A-Za-z0-9_.-]+$/.test(key)) return { refused: 'expected key=value, e.g. --param acr_values=mfa' };
  if ((PROTOCOL_PARAMS as readonly string[]).includes(key)) {
    const instead = INSTEAD[key as keyof typeof INSTEAD];
    return { refused: `"${key}" is set by oauth-login itself (the protocol needs it)${instead ? `: ${instead}` : ''}` };
  }
  return { params: { ...previous, [key]: text.slice(at + 1) } };
}

/** The parameters these flags add to the configured authorization_params (flags win, --prompt over --param). */
export function authParamsOf(flags: AuthRequestFlags): Record<string, string> | undefined {
  const out: Record<string, string> = { ...flags.param };
  if (flags.loginHint !== undefined) out.login_hint = flags.loginHint;
  if (flags.prompt !== undefined) out.prompt = flags.prompt;
  return Object.keys(out).length === 0 ? undefined : out;
}
