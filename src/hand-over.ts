/**
 * What a module left out of a small bundle throws when it is loaded (scripts/build.mjs puts this in its place): the
 * bundle's command then returns undefined and the full CLI runs it from scratch. Such a module is loaded before its
 * work starts (a refresh imports its flow before it asks the provider), so nothing has been sent or stored yet.
 */
const HAND_OVER = Symbol.for('oauth-login.hand-over');

export function handOver(what: string): Error {
  return Object.assign(new Error(`${what} is not in this bundle: the full CLI runs this command`), {
    [HAND_OVER]: true,
  });
}

export function isHandOver(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[HAND_OVER] === true;
}
