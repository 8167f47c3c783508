/**
 * What a program we start (the browser command, `$BROWSER`, the system opener) may see of our environment. A browser
 * has no use for our secrets, and it may log, crash-report or pass its environment on, so every `OAUTH_LOGIN_*`
 * variable that names a secret or a token stays here: `_CLIENT_SECRET` and `_REFRESH_TOKEN` of any provider (not only
 * the one signing in), and whatever else ends in `_SECRET` or `_TOKEN` (e.g. an `OAUTH_LOGIN_ACCESS_TOKEN` that a
 * shell took from `token --format env`). Case-insensitive: Windows environment names are.
 */
const SECRET_VARIABLE = /^OAUTH_LOGIN_(?:.*_)?(?:SECRET|TOKEN)$/i;

export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name);
}

/** A copy of `env` without the secret variables, for `spawn`'s `env` option. */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isSecretVariable(name)));
}

/**
 * Removes the secret variables from this process's own environment, for openers we cannot hand an `env` (the `open`
 * package spawns with the inherited one). Only once the provider settings are resolved: they hold the client secret
 * from then on, and nothing later in the run reads these variables.
 */
export function scrubProcessEnv(): void {
  for (const name of Object.keys(process.env)) if (isSecretVariable(name)) delete process.env[name];
}
