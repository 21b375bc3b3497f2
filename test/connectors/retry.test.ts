import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  header,
  isNetworkFailure,
  parseRateLimitReset,
  parseRetryAfter,
  readBudget,
  SourceGate,
  UncertainWrite,
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

  it('once: a refused request (429) is retried, any other transient failure is an UncertainWrite at once', async () => {
    const clock = fakeClock();
    let tries = 0;
    const refusedThenOk = withRetry(
      async () => {
        tries += 1;
        if (tries === 1) throw new Error('429');
        return 'ok';
      },
      { policy, gate: new SourceGate(clock), clock, once: true, classify: () => ({ ...transient(null, false), refused: true }), onGiveUp: (e) => e as Error },
    );
    expect([await refusedThenOk, tries]).toEqual(['ok', 2]);
    let sent = 0;
    const dropped = withRetry(
      async () => {
        sent += 1;
        throw new Error('socket hang up');
      },
      { policy, gate: new SourceGate(clock), clock, once: true, classify: () => transient(), onGiveUp: () => new Error('POST failed: connection reset') },
    );
    await expect(dropped).rejects.toBeInstanceOf(UncertainWrite);
    await expect(dropped).rejects.toThrow('POST failed: connection reset');
    expect(sent).toBe(1);
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

describe('SourceGate bursts and budgets', () => {
  /** Starts `count` concurrent requests through the gate; their start times, in order. */
  const starts = async (gate: SourceGate, clock: Clock, settle: <T>(work: Promise<T>) => Promise<T>, count: number) => {
    const times: number[] = [];
    await settle(Promise.all(Array.from({ length: count }, async () => {
      await gate.wait();
      times.push(clock.now());
    })));
    return times;
  };

  it('lets a burst start at once, then paces', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    gate.setRate(10, 3);
    expect(await starts(gate, clock, settle, 5)).toEqual([0, 0, 0, 100, 200]);
  });

  it('after a 429 the bucket is empty, and what refilled during the pause goes out at once', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    gate.setRate(10, 5);
    gate.pauseFor(300, true); // the server's budget is spent now; 3 tokens come back by the resume
    const times = await starts(gate, clock, settle, 5);
    expect(times).toEqual([300, 300, 300, 400, 500]);
  });

  it('sends a request\'s next try before the new requests waiting, tries in the order they came', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    gate.setRate(10); // one start every 100 ms
    const log: string[] = [];
    const request = (name: string, at: number, retry: boolean) => (async () => {
      await clock.sleep(at);
      await gate.wait(retry);
      log.push(`${name} ${clock.now()}`);
    })();
    await settle(Promise.all([request('new-a', 0, false), request('new-b', 1, false), request('new-c', 2, false), request('retry-x', 50, true), request('retry-y', 60, true)]));
    expect(log).toEqual(['new-a 0', 'retry-x 100', 'retry-y 200', 'new-b 300', 'new-c 400']);
  });

  it('a pause that is no 429 keeps the pace where it was', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    gate.setRate(10);
    gate.pauseFor(300);
    expect(await starts(gate, clock, settle, 3)).toEqual([300, 400, 500]);
  });

  it('a 429 to a request already on its way when the first came back does not pause the source again', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    const log: string[] = [];
    // a and b are sent at 0; a's 429 comes back at 10 (Retry-After 1 s), b's at 50; c starts at 20.
    const throttledOnce = (name: string, answerAt: number) => {
      let tries = 0;
      return withRetry(
        async () => {
          tries += 1;
          log.push(`${name} sent ${clock.now()}`);
          if (tries > 1) return;
          await clock.sleep(answerAt - clock.now());
          throw new Error('429');
        },
        { policy, gate, clock, classify: () => ({ ...transient(1000, true) }), onGiveUp: (e) => e as Error },
      );
    };
    const c = (async () => {
      await clock.sleep(20);
      await gate.wait();
      log.push(`c sent ${clock.now()}`);
    })();
    await settle(Promise.all([throttledOnce('a', 10), throttledOnce('b', 50), c]));
    expect(gate.throttles).toBe(2);
    // The source resumes when a's Retry-After has passed (plus its jitter), not b's; b waits its own.
    expect(log).toContain('c sent 1060');
    expect(log).toContain('a sent 1060');
    expect(log).toContain('b sent 1100');
  });

  it('starts what the budget leaves, and the rest when it resets', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    gate.setBudget(2, 10, 400);
    const times = await starts(gate, clock, settle, 4);
    expect(times.slice(0, 2)).toEqual([0, 0]);
    // Whole again at the reset (plus a small margin), not before.
    expect(times[2]).toBeGreaterThanOrEqual(400);
    expect(times[3]).toBe(times[2]);
  });

  it('counts the requests sent after the answered one as spent, at the reset too', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    // 3 remained when the answered request arrived; 2 were sent after it: 1 is left now, and at the
    // reset the budget of 10 is whole less those 2 and that 1: 7; the next window has the other 2.
    gate.setBudget(3 - 2, 10, 200, 2);
    const times = await starts(gate, clock, settle, 10);
    expect(times.filter((time) => time === 0)).toHaveLength(1);
    expect(times.filter((time) => time >= 200 && time < 400)).toHaveLength(7);
    expect(times.filter((time) => time >= 400)).toHaveLength(2);
  });

  it('a later answer stating more lets the waiting requests go before the reset', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    gate.setBudget(0, 10, 5000);
    const times: number[] = [];
    const waiting = Promise.all([0, 1].map(async () => {
      await gate.wait();
      times.push(clock.now());
    }));
    const answer = (async () => {
      await clock.sleep(120);
      gate.setBudget(2, 10, 5000);
    })();
    await settle(Promise.all([waiting, answer]));
    expect(times).toHaveLength(2);
    expect(Math.max(...times)).toBeLessThan(1000);
  });

  it('never waits on a budget longer than a few seconds, whatever the reset says', async () => {
    const { clock, settle } = virtualClock();
    const gate = new SourceGate(clock);
    gate.setBudget(0, 10, 1e12);
    const [time] = await starts(gate, clock, settle, 1);
    expect(time).toBeGreaterThan(0);
    expect(time).toBeLessThanOrEqual(10_000);
  });

  it('reads a budget from X-RateLimit-Limit, -Remaining and -Reset, refusing what is not one', () => {
    const now = Date.parse('2026-11-24T06:00:00Z');
    expect(readBudget({ 'X-RateLimit-Limit': '40', 'X-RateLimit-Remaining': '3', 'X-RateLimit-Reset': '2026-11-24T06:00:00.500Z' }, now)).toEqual({ limit: 40, remaining: 3, resetMs: 500 });
    expect(readBudget({ 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '150', 'x-ratelimit-reset': String(now / 1000 + 60) }, now)).toEqual({ limit: 200, remaining: 150, resetMs: 60_000 });
    expect(readBudget({ 'x-ratelimit-limit': '40' }, now)).toBeNull();
    expect(readBudget({ 'x-ratelimit-limit': '1e-9', 'x-ratelimit-remaining': '0' }, now)).toBeNull();
    expect(readBudget({ 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '-1' }, now)).toBeNull();
    expect(readBudget({ 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '900' }, now)?.remaining).toBe(40);
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
