// Shared by the benches: time a run and sample the process's peak resident memory while it runs; start
// the loopback Jira in its own process.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** The loopback Jira in a process of its own (its CPU and memory are not backlint's): its URL once it listens. */
export async function spawnJiraServer(settings: object, nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const main = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'servers', 'jira', 'main.ts');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', main, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the loopback Jira exited (${code})`)));
  });
  return { child, url };
}
