/** One line of `oauth-login doctor`: what was checked, how it went, and what to do when it failed. */
export interface Check {
  name: string;
  ok: boolean;
  /** Passed, but with a cost worth knowing (a login works, less well): shown with "!", exit code unchanged. */
  warning?: true;
  detail: string;
  fix?: string;
}

export interface DoctorOptions {
  config?: string;
  issuer?: string;
  clientId?: string;
  redirectUri?: string;
  port?: number;
  browserCommand?: string;
  json?: boolean;
  caFile?: string;
  /** The store to check, as login's --store takes it. */
  store?: string;
}

export const pass = (name: string, detail: string): Check => ({ name, ok: true, detail });
export const fail = (name: string, detail: string, fix: string | undefined): Check => ({
  name,
  ok: false,
  detail,
  fix,
});
export const warn = (name: string, detail: string, fix: string): Check => ({
  name,
  ok: true,
  warning: true,
  detail,
  fix,
});
