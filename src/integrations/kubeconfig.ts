import { EXEC_API_VERSIONS } from '../exec-credential.js';
import type { SelfCommand } from './self-command.js';

/** The users[] entry kubectl needs to run `oauth-login token … --format exec-credential` (client-go exec plugin). */
export interface ExecUser {
  name: string;
  user: {
    exec: {
      apiVersion: string;
      command: string;
      args: string[];
      interactiveMode: 'IfAvailable';
      provideClusterInfo: false;
    };
  };
}

export function execUser(
  name: string,
  self: SelfCommand,
  provider: string,
  extra: { account?: string; idToken?: boolean },
): ExecUser {
  const args = [...self.args, 'token', provider, '--format', 'exec-credential'];
  if (extra.account !== undefined) args.push('--account', extra.account);
  if (extra.idToken) args.push('--id-token');
  return {
    name,
    user: {
      exec: {
        apiVersion: EXEC_API_VERSIONS[0],
        command: self.command,
        args,
        // A browser login when kubectl runs on a terminal; exit 4 with a hint in scripts and CI.
        interactiveMode: 'IfAvailable',
        provideClusterInfo: false,
      },
    },
  };
}

/** As YAML for a kubeconfig; every string JSON-quoted, which YAML reads as the same string. */
export function execUserYaml(entry: ExecUser): string {
  const q = JSON.stringify;
  const { exec } = entry.user;
  return [
    'users:',
    `- name: ${q(entry.name)}`,
    '  user:',
    '    exec:',
    `      apiVersion: ${q(exec.apiVersion)}`,
    `      command: ${q(exec.command)}`,
    '      args:',
    ...exec.args.map((arg) => `      - ${q(arg)}`),
    `      interactiveMode: ${exec.interactiveMode}`,
    `      provideClusterInfo: ${exec.provideClusterInfo}`,
  ].join('\n');
}

/** `kubectl config set-credentials` arguments that write the same entry (kubectl keeps the rest of the file). */
export function setCredentialsArgs(entry: ExecUser, kubeconfig: string | undefined): string[] {
  const { exec } = entry.user;
  return [
    'config',
    ...(kubeconfig === undefined ? [] : ['--kubeconfig', kubeconfig]),
    'set-credentials',
    entry.name,
    `--exec-api-version=${exec.apiVersion}`,
    `--exec-command=${exec.command}`,
    ...exec.args.map((arg) => `--exec-arg=${csvField(arg)}`),
    `--exec-interactive-mode=${exec.interactiveMode}`,
    `--exec-provide-cluster-info=${exec.provideClusterInfo}`,
  ];
}

/**
 * kubectl reads each --exec-arg as a comma-separated list (a CSV record): a value with a comma or a quote is written
 * as one quoted field, `"` doubled, so an account like "Doe, Jane" stays one argument.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
