import type { LoginError } from '../errors.js';
import { toLoginError } from '../error-mapping.js';
import type { Callback } from '../loopback.js';
import { describeProfile, type Profile } from '../profile.js';

/** The browser's last page for a login that worked: who signed in, HTML-escaped by the page renderer. */
export function replySignedIn(callback: Callback, profile: Profile): Promise<void> {
  return callback.reply({
    status: 200,
    title: 'Signed in',
    message: `Signed in as ${describeProfile(profile)}. You can close this tab and return to the terminal.`,
  });
}

/** The browser's last page for a login that failed; returns the error for the caller to throw. */
export async function replyFailed(callback: Callback, err: unknown): Promise<LoginError> {
  const error = toLoginError(err, 'the login');
  const cancelled = error.exitCode === 2;
  await callback.reply({
    status: cancelled ? 200 : 400,
    title: cancelled ? 'Sign-in cancelled' : 'Sign-in failed',
    message: cancelled
      ? 'Nothing was stored. You can close this tab.'
      : `${error.message} Return to the terminal for details.`,
  });
  return error;
}
