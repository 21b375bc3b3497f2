import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  header,
  isNetworkFailure,
  parseRateLimitReset,
  parseRetryAfter,
  SourceGate,
  withRetry,
  type Classified,
  type Clock,
} from '../../src/connectors/retry.js';
import { fakeClock } from '../helpers/clock.js';

const policy = { maxTries: 4, baseDelayMs: 100, maxDelayMs: 10_000, maxWaitMs: 300_000 };
const transient = (serverDelayMs: number | null = null, throttled = false): Classified => ({ transient: true, serverDelayMs, throttled, reason: throttled ? '429' : '503' });
const fatal: Classified = { transient: false, serverDelayMs: null, throttled: false, reason: '401' };

describe('withRetry', () => {
  it('retries transient failures with growing backoff, then succeeds', async () => {
    const clock = fakeClock();
    const gate = new SourceGate(clock);
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('503');
        return 'ok';
      },
      { policy, gate, clock, classify: () => transient(), onGiveUp: (e) => e as Error },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(clock.sleeps).toEqual([75, 150]); // equal jitter at random 0.5: 100·(½+¼), 200·(½+¼)
    expect(gate.retries).toBe(2);
  });

  it('gives up after maxTries and hands the last error to onGiveUp', async () => {
    const clock = fakeClock();
    let calls = 0;
    const run = withRetry(
      async () => {
        calls += 1;
        throw new Error(`try ${calls}`);
      },
      { policy, gate: new SourceGate(clock), clock, classify: () => transient(), onGiveUp: (e, _c, tries) => new Error(`gave up after ${tries}: ${(e as Error).message}`) },
    );
    await expect(run).rejects.toThrow('gave up after 4: try 4');
  });

  it('does not retry a failure that is not transient', async () => {
    const clock = fakeClock();
    let calls = 0;
    const run = withRetry(
      async () => {
        calls += 1;
        throw new Error('401');
      },
      { policy, gate: new SourceGate(clock), clock, classify: () => fatal, onGiveUp: (e) => e as Error },
    );
    await expect(run).rejects.toThrow('401');
    expect(calls).toBe(1);
  });

  it('a 429 pauses the whole source for the server delay', async () => {
    const clock = fakeClock();
    const gate = new SourceGate(clock);
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('429');
        return 'ok';
      },
      { policy, gate, clock, classify: () => transient(2000, true), onGiveUp: (e) => e as Error },
    );
    expect(gate.throttles).toBe(1);
    expect(clock.sleeps).toEqual([2100]); // the server's 2 s plus 5% jitter, spent in the gate
    const before = clock.now();
    gate.pauseFor(500);
    await gate.wait(); // another request of the same source waits too
    expect(clock.now() - before).toBe(500);
  });
});

/** A clock whose timers fire in order of due time when `settle` drives them: concurrency without waiting. */
function virtualClock() {
  let now = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
    random: () => 0.5,
  };
  const settle = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    const result = work.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (next) {
        now = Math.max(now, next.at);
        next.resolve();
      }
    }
    return result;
  };
  return { clock, settle };
}

describe('SourceGate pacing', () => {
  it('spaces concurrent request starts when a rate is set', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    gate.setRate(10);
    const starts: number[] = [];
    const requests = [0, 1, 2, 3].map(async () => {
      await gate.wait();
      starts.push(clock.now());
    });
    await settle(Promise.all(requests));
    expect(starts).toEqual([0, 100, 200, 300]);
  });

  it('holds paced requests behind a pause', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    gate.setRate(10);
    gate.pauseFor(1000);
    const starts: number[] = [];
    await settle(Promise.all([0, 1].map(async () => {
      await gate.wait();
      starts.push(clock.now());
    })));
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(1000);
    expect(Math.abs(starts[1]! - starts[0]!)).toBeGreaterThanOrEqual(100);
  });
});

describe('delays and headers', () => {
  it('honours the server delay over its own backoff, capped by neither', () => {
    expect(backoffDelay(1, 30_000, policy, 0)).toBe(30_000);
    expect(backoffDelay(5, null, policy, 1)).toBe(1600);
    expect(backoffDelay(20, null, policy, 1)).toBe(10_000);
  });

  it('reads Retry-After as seconds or a date, and X-RateLimit-Reset as ISO or epoch', () => {
    const now = Date.parse('2026-11-24T06:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 06:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRateLimitReset('2026-11-24T06:00:03Z', now)).toBe(3000);
    expect(parseRateLimitReset(String(now / 1000 + 7), now)).toBe(7000);
    expect(header({ 'Retry-After': '3' }, 'retry-after')).toBe('3');
    expect(header({ 'x-ratelimit-delay': ['1.5'] }, 'X-RateLimit-Delay')).toBe('1.5');
  });

  it('knows resets and timeouts', () => {
    expect(isNetworkFailure('ECONNRESET', '')).toBe(true);
    expect(isNetworkFailure(undefined, 'socket hang up')).toBe(true);
    expect(isNetworkFailure('ENOTFOUND', 'getaddrinfo ENOTFOUND')).toBe(false);
  });
});
