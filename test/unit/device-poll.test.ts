import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type PollAnswer, pollForTokens } from '../../src/flows/device-poll.js';

/** A clock that jumps instead of sleeping, and remembers each wait. */
function fakeClock(start = 1_000_000) {
  const waits: number[] = [];
  let now = start;
  return {
    waits,
    now: () => now,
    async wait(ms: number, signal: AbortSignal) {
      if (signal.aborted) throw signal.reason;
      waits.push(ms);
      now += ms;
    },
  };
}

function script(...answers: PollAnswer<string>[]) {
  let polls = 0;
  return {
    poll: async () => {
      const answer = answers[polls++];
      if (!answer) throw new Error('polled too often');
      return answer;
    },
    count: () => polls,
  };
}

const pending = { error: 'authorization_pending' };
const signal = new AbortController().signal;

test('polls at the server interval until approved, waiting one interval before the first poll', async () => {
  const clock = fakeClock();
  const s = script(pending, pending, { done: 'tokens' });
  const tokens = await pollForTokens(s.poll, { interval: 2, expiresAt: clock.now() + 60_000, signal, clock });
  assert.equal(tokens, 'tokens');
  assert.deepEqual(clock.waits, [2000, 2000, 2000]);
});

test('without an interval the default is 5 s (RFC 8628 §3.2)', async () => {
  const clock = fakeClock();
  await pollForTokens(script({ done: 'x' }).poll, { expiresAt: clock.now() + 60_000, signal, clock });
  assert.deepEqual(clock.waits, [5000]);
});

test('slow_down adds 5 s to this and every later interval, and again on each slow_down', async () => {
  const clock = fakeClock();
  const s = script({ error: 'slow_down' }, pending, { error: 'slow_down' }, pending, { done: 'ok' });
  await pollForTokens(s.poll, { interval: 1, expiresAt: clock.now() + 600_000, signal, clock });
  assert.deepEqual(clock.waits, [1000, 6000, 6000, 11000, 11000]);
});

test('access_denied ends with the "cancelled" exit code 2 and the description made terminal-safe', async () => {
  const clock = fakeClock();
  const s = script({ error: 'access_denied', description: 'nope\u001b[31m red' });
  await assert.rejects(pollForTokens(s.poll, { interval: 1, expiresAt: clock.now() + 60_000, signal, clock }), {
    code: 'access_denied',
    exitCode: 2,
    message: 'Sign-in was cancelled or denied: nope red',
  });
});

test('expired_token from the server ends with the timeout exit code 3', async () => {
  const clock = fakeClock();
  await assert.rejects(
    pollForTokens(script({ error: 'expired_token' }).poll, { expiresAt: clock.now() + 60_000, signal, clock }),
    { code: 'expired_token', exitCode: 3 },
  );
});

test('a code past its lifetime is never sent: the last wait ends at the expiry', async () => {
  const clock = fakeClock();
  const s = script(pending, pending, pending);
  await assert.rejects(pollForTokens(s.poll, { interval: 5, expiresAt: clock.now() + 12_000, signal, clock }), {
    code: 'expired_token',
    exitCode: 3,
  });
  assert.deepEqual(clock.waits, [5000, 5000, 2000]);
  assert.equal(s.count(), 2);
});

test('any other error stops polling with exit code 1 and names the error', async () => {
  const clock = fakeClock();
  const s = script({ error: 'unauthorized_client' });
  await assert.rejects(pollForTokens(s.poll, { interval: 1, expiresAt: clock.now() + 60_000, signal, clock }), {
    code: 'device_error',
    exitCode: 1,
    message: /unauthorized_client/,
  });
});

test('Ctrl+C stops the wait at once with the signal reason, before any poll', async () => {
  const controller = new AbortController();
  const reason = new Error('interrupted');
  setTimeout(() => controller.abort(reason), 20);
  const started = Date.now();
  const s = script(pending);
  // The real clock: the wait is 60 s, so a wait that ignored the signal would take 60 s and poll once.
  await assert.rejects(
    pollForTokens(s.poll, { interval: 60, expiresAt: Date.now() + 600_000, signal: controller.signal }),
    (err) => err === reason,
  );
  assert.equal(s.count(), 0);
  assert.ok(Date.now() - started < 30_000, 'stopped long before the 60 s interval was over');
});
