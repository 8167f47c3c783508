/** One line of `oauth-login doctor`: what was checked, how it went, and what to do when it failed. */
export interface Check {
  name: string;
  ok: boolean;
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
}

export const pass = (name: string, detail: string): Check => ({ name, ok: true, detail });
export const fail = (name: string, detail: string, fix: string | undefined): Check => ({
  name,
  ok: false,
  detail,
  fix,
});
