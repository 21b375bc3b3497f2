// The cap on a server's asked-for wait (RetryPolicy.maxWaitMs, the sources' maxWaitSeconds): any delay a
// header can express, however it is written, either fits under the cap or fails the request at once,
// naming the delay; nothing waits a day, and nothing spins on a stream of tiny timers.
import { describe, expect, it } from 'vitest';
import { parseRateLimitReset, parseRetryAfter, SourceGate, withRetry, type Classified } from '../../src/connectors/retry.js';
import { fakeClock } from '../helpers/clock.js';

const NOW = Date.parse('2026-11-24T06:00:00Z');
const policy = { maxTries: 6, baseDelayMs: 100, maxDelayMs: 10_000, maxWaitMs: 300_000 };

/** One request that always answers 429 with the given delay; what the caller sees. */
async function throttledBy(serverDelayMs: number | null, throttled = true) {
  const clock = fakeClock(NOW);
  const gate = new SourceGate(clock);
  let calls = 0;
  const classified: Classified = { transient: true, serverDelayMs, throttled, reason: throttled ? '429 Too Many Requests' : '503 Service Unavailable' };
  const error = await withRetry(
    async () => {
      calls += 1;
      throw new Error('answered');
    },
    { policy, gate, clock, classify: () => classified, onGiveUp: (_e, c, tries) => new Error(`gave up after ${tries}: ${c.reason}`) },
  ).then(
    () => null,
    (e: unknown) => e as Error,
  );
  return { error, calls, sleeps: clock.sleeps, waited: clock.now() - NOW };
}

describe('the wait cap', () => {
  it.each([
    ['Retry-After: 86400', parseRetryAfter('86400', NOW), /asked to wait 24 hours, longer than the 5 minutes backlint waits \(maxWaitSeconds\)/],
    ['Retry-After: 1e9', parseRetryAfter('1e9', NOW), /asked to wait 11574 days/],
    ['Retry-After: Infinity', parseRetryAfter('Infinity', NOW), /asked to wait forever/],
    ['Retry-After: a date in 2099', parseRetryAfter('Thu, 31 Dec 2099 23:59:59 GMT', NOW), /asked to wait \d{5} days/],
    ['X-RateLimit-Reset: an ISO time in 2099', parseRateLimitReset('2099-12-31T23:59:59.000Z', NOW), /asked to wait \d{5} days/],
    ['X-RateLimit-Reset: epoch seconds far away', parseRateLimitReset('99999999999', NOW), /asked to wait \d+ days/],
  ])('%s fails the request at once, naming the delay', async (_name, delay, message) => {
    expect(delay).not.toBeNull();
    for (const throttled of [true, false]) {
      const run = await throttledBy(delay, throttled);
      expect(run.error?.message).toMatch(/^gave up after 1: /);
      expect(run.error?.message).toMatch(message);
      expect(run.calls).toBe(1);
      expect(run.waited).toBe(0);
    }
  });

  it('waits a delay under the cap, and the cap itself', async () => {
    const run = await throttledBy(300_000);
    expect(run.calls).toBe(6);
    expect(run.sleeps.every((ms) => ms <= 330_000)).toBe(true);
    expect(run.error?.message).toMatch(/^gave up after 6: 429 Too Many Requests$/);
  });

  it('reads no usable delay from NaN, negatives or words, and backs off by itself (bounded tries)', async () => {
    for (const value of ['NaN', '-5', '-Infinity', 'soon', '12abc', '']) expect(parseRetryAfter(value, NOW)).toBeNull();
    for (const value of ['NaN', '-1', 'later']) expect(parseRateLimitReset(value, NOW)).toBeNull();
    const run = await throttledBy(parseRetryAfter('NaN', NOW), false);
    expect(run.calls).toBe(policy.maxTries);
    expect(run.sleeps).toHaveLength(policy.maxTries - 1);
    expect(run.sleeps.every((ms) => ms >= 50 && ms <= policy.maxDelayMs)).toBe(true);
  });

  it('reads what servers write: seconds, fractions, exponents, dates, ISO times and epochs', () => {
    expect(parseRetryAfter('5', NOW)).toBe(5000);
    expect(parseRetryAfter(' 1.5 ', NOW)).toBe(1500);
    expect(parseRetryAfter('1e3', NOW)).toBe(1_000_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 06:00:10 GMT', NOW)).toBe(10_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 05:00:00 GMT', NOW)).toBe(0); // a date past: now
    expect(parseRateLimitReset('2026-11-24T06:00:03.000+0000', NOW)).toBe(3000);
    expect(parseRateLimitReset(String(NOW / 1000 + 7), NOW)).toBe(7000);
    expect(parseRateLimitReset('Infinity', NOW)).toBe(Infinity);
  });
});
