import { LoginError } from './errors.js';
import { terminalJson } from './json-out.js';
import { excerpt } from './sanitize.js';

/**
 * kubectl's exec credential plugins (client-go "client.authentication.k8s.io"): kubectl sets $KUBERNETES_EXEC_INFO to
 * an ExecCredential naming the apiVersion it wants back and whether the plugin may talk to the person.
 */
export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;
export type ExecApiVersion = (typeof EXEC_API_VERSIONS)[number];

export interface ExecInfo {
  apiVersion: ExecApiVersion;
  /** kubectl's stdin is the person's terminal and interactiveMode allows using it. */
  interactive: boolean;
}

/** $KUBERNETES_EXEC_INFO read; unset (a person running the command by hand) is v1, not interactive. */
export function execInfo(env: NodeJS.ProcessEnv): ExecInfo {
  const text = env.KUBERNETES_EXEC_INFO;
  if (text === undefined || text === '') return { apiVersion: EXEC_API_VERSIONS[0], interactive: false };
  let value: { apiVersion?: unknown; spec?: { interactive?: unknown } } | undefined;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const apiVersion = value?.apiVersion;
  if (!EXEC_API_VERSIONS.includes(apiVersion as ExecApiVersion)) {
    throw new LoginError(
      'invalid_exec_info',
      `$KUBERNETES_EXEC_INFO asks for an ExecCredential version this plugin does not speak: ${excerpt(String(apiVersion ?? text))}.`,
      { hint: `Set "apiVersion: ${EXEC_API_VERSIONS[0]}" (or v1beta1) in the kubeconfig's users[].user.exec.` },
    );
  }
  return { apiVersion: apiVersion as ExecApiVersion, interactive: value?.spec?.interactive === true };
}

/** The ExecCredential kubectl reads on stdout; without an expiry kubectl keeps the token until a request gets 401. */
export function execCredential(token: string, expiresAt: number | undefined, apiVersion: ExecApiVersion): string {
  const status: Record<string, string> = { token };
  if (expiresAt !== undefined)
    status.expirationTimestamp = new Date(expiresAt * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return terminalJson({ apiVersion, kind: 'ExecCredential', status });
}
