// Keeps the heap near what the run holds (SPEC §11). V8 lets garbage grow to several times the live heap
// before it collects; a run that maps, lints and drops hundreds of thousands of items, or writes a report
// of them piece by piece, makes garbage fast, and its peak memory would be that garbage, not what it keeps.
// So after each batch of items (and each megabyte of a report written), when the heap has grown well past
// what the last collection left, it is collected at once.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

const SLACK_BYTES = 24 * 1024 * 1024;
const GROWTH = 1.15;
/**
 * Below this the heap is left to V8: a run of a few thousand items never needs a forced collection, and
 * each costs tens of milliseconds. The large runs, whose peak is what they keep, pass it early.
 */
const FLOOR_BYTES = 96 * 1024 * 1024;

let collect: (() => void) | null | undefined;

/** V8's own full collection (`gc`), made available without a command-line flag; null where it cannot be. */
function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as unknown;
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

const used = () => v8.getHeapStatistics().used_heap_size;

export class HeapKeeper {
  private kept = used();

  /** After a batch of work: collects when the heap holds 15% more than the last collection left, and 24 MB more (and 96 MB in all). */
  afterBatch(): void {
    const now = used();
    if (now < Math.max(this.kept * GROWTH + SLACK_BYTES, FLOOR_BYTES)) return;
    const gc = collector();
    if (gc === null) return;
    gc();
    this.kept = used();
  }
}
