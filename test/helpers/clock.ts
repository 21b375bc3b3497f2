import type { Clock } from '../../src/connectors/retry.js';

/** A clock that only moves when someone sleeps, starting at `start` (ms): tests run instantly and see every wait. */
export function fakeClock(start = 1_000_000): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
}
