// Shared by the benches: time a run and sample the process's peak resident memory while it runs.

/** Seconds taken by `run`, and the peak RSS (MB) sampled every 20 ms while it ran. */
export async function measured<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number; peakMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await run();
    return { result, seconds: (performance.now() - started) / 1000, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}
