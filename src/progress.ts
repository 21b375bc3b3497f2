// Progress on stderr while live sources are fetched (SPEC §8): items fetched / total per source, only
// when stderr is a terminal and --no-progress was not given; never in CI logs. cli-progress draws the
// bars (a well-kept library rather than hand-written cursor control).
import cliProgress from 'cli-progress';

export interface Progress {
  /** `total` is null while unknown (Jira Cloud's enhanced search gives none until the last page). */
  update(source: string, fetched: number, total: number | null): void;
  stop(): void;
}

export const silentProgress: Progress = { update: () => {}, stop: () => {} };

/** How often plain progress lines are written to a log. */
const PLAIN_EVERY_MS = 5_000;

/**
 * `plain`: asked for where no bars can draw (a CI log, stderr to a file): cli-progress then writes the
 * bars as plain lines every few seconds, with no cursor control.
 */
export function createProgress(options: { enabled: boolean; stream: NodeJS.WriteStream; plain?: boolean; plainEveryMs?: number }): Progress {
  if (!options.enabled) return silentProgress;
  const bars = new cliProgress.MultiBar(
    {
      stream: options.stream,
      ...(options.plain ? { noTTYOutput: true, notTTYSchedule: options.plainEveryMs ?? PLAIN_EVERY_MS } : {}),
      format: ' {source} [{bar}] {value}/{totalText} items',
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const bySource = new Map<string, cliProgress.SingleBar>();
  return {
    update(source, fetched, total) {
      let bar = bySource.get(source);
      const payload = { source, totalText: total === null ? '?' : String(total) };
      if (bar === undefined) {
        bar = bars.create(total ?? Math.max(fetched, 1), fetched, payload);
        bySource.set(source, bar);
      } else {
        bar.setTotal(total ?? Math.max(fetched, bar.getTotal()));
        bar.update(fetched, payload);
      }
    },
    stop() {
      bars.stop();
    },
  };
}
