import { setTimeout as sleep } from 'node:timers/promises';
import { LoginError } from '../errors.js';
import { terminalSafe } from '../sanitize.js';

/** One poll of the token endpoint: the tokens, or the error code it answered with (RFC 8628 §3.5). */
export type PollAnswer<T> = { done: T } | { error: string; description?: string };

export interface PollClock {
  now(): number;
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

export interface PollOptions {
  /** Seconds between polls, from the device authorization response; RFC 8628 §3.2 says 5 when absent. */
  interval?: number;
  /** When the device code expires, in ms since the epoch. */
  expiresAt: number;
  /** Ctrl+C, SIGTERM and --timeout: stops the wait at once. */
  signal: AbortSignal;
  /** Tests pass a fake clock. */
  clock?: PollClock;
}

export const SLOW_DOWN_STEP_MS = 5000;

const realClock = {
  now: () => Date.now(),
  async wait(ms: number, signal: AbortSignal) {
    try {
      await sleep(ms, undefined, { signal });
    } catch (err) {
      // The signal's reason is the LoginError to report (interrupted, timed out), not the timer's AbortError.
      throw signal.aborted ? signal.reason : err;
    }
  },
};

/**
 * Polls until the person has approved (or denied) the device on another screen. The first poll waits one interval
 * too: the person cannot have typed the code yet, and some servers answer an immediate poll with slow_down.
 */
export async function pollForTokens<T>(poll: () => Promise<PollAnswer<T>>, options: PollOptions): Promise<T> {
  const clock = options.clock ?? realClock;
  let interval = (options.interval ?? 5) * 1000;
  for (;;) {
    // An expired device code is never sent: the last wait ends at the expiry, not one interval after it.
    const left = options.expiresAt - clock.now();
    if (left <= 0) throw expired();
    await clock.wait(Math.min(interval, left), options.signal);
    if (clock.now() >= options.expiresAt) throw expired();
    const answer = await poll();
    if ('done' in answer) return answer.done;
    if (answer.error === 'authorization_pending') continue;
    // RFC 8628 §3.5: slow_down adds 5 seconds to this and every later interval.
    if (answer.error === 'slow_down') interval += SLOW_DOWN_STEP_MS;
    else throw failure(answer.error, answer.description);
  }
}

function expired(): LoginError {
  return new LoginError('expired_token', 'The code expired before the sign-in was finished; nothing was stored.', {
    exit: 'timeout',
    hint: 'Run the command again for a new code, and enter it within the time shown.',
  });
}

function failure(error: string, description: string | undefined): LoginError {
  if (error === 'expired_token') return expired();
  const detail = description ? `: ${terminalSafe(description)}` : '';
  if (error === 'access_denied') {
    return new LoginError('access_denied', `Sign-in was cancelled or denied${detail}`, {
      exit: 'cancelled',
      hint: 'Run the command again to retry.',
    });
  }
  return new LoginError(
    'device_error',
    `The provider ended the device sign-in with ${terminalSafe(error, 60)}${detail}`,
    {
      hint: 'Check that this client may use the device flow (grant type urn:ietf:params:oauth:grant-type:device_code).',
    },
  );
}
